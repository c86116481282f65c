import Foundation
import PforteXML

extension XMLElement {
    /// The single child `localName` in `namespace`; more than one is malformed (every child
    /// element SAML reads here occurs at most once in its schema).
    func onlyChild(_ namespace: String, _ localName: String) throws(SAMLRequestError) -> XMLElement? {
        let matches = children(named: XMLName(namespace: namespace, localName: localName))
        guard matches.count <= 1 else { throw SAMLRequestError(.malformed, "more than one \(localName)") }
        return matches.first
    }

    func attribute(_ localName: String) -> String? {
        attribute(XMLName(localName))
    }

    func isNamed(_ namespace: String, _ localName: String) -> Bool {
        name == XMLName(namespace: namespace, localName: localName)
    }

    /// Text content with surrounding whitespace removed (schema `xs:anyURI`/`xs:string` values
    /// such as `Issuer` are compared trimmed, as pretty-printed XML puts breaks around them).
    var trimmedText: String {
        textContent.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
