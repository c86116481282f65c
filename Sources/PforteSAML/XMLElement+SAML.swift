import Foundation
public import PforteXML

/// Public for PforteFederation, which reads the SP side's messages with the same rules.
extension XMLElement {
    /// The single child `localName` in `namespace`; more than one is malformed (every child
    /// element SAML reads here occurs at most once in its schema).
    public func onlyChild(_ namespace: String, _ localName: String) throws(SAMLRequestError) -> XMLElement? {
        let matches = children(named: XMLName(namespace: namespace, localName: localName))
        guard matches.count <= 1 else { throw SAMLRequestError(.malformed, "more than one \(localName)") }
        return matches.first
    }

    public func attribute(_ localName: String) -> String? {
        attribute(XMLName(localName))
    }

    public func isNamed(_ namespace: String, _ localName: String) -> Bool {
        name == XMLName(namespace: namespace, localName: localName)
    }

    /// Text content with surrounding whitespace removed (schema `xs:anyURI`/`xs:string` values
    /// such as `Issuer` are compared trimmed, as pretty-printed XML puts breaks around them).
    public var trimmedText: String {
        textContent.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
