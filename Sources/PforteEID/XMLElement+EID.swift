import Foundation
import PforteXML

/// Strict reading of TR-03130 messages: children are looked up by namespace and name, an
/// element the schema allows once that occurs twice makes the message malformed.
extension XMLElement {
    func optionalChild(_ localName: String, in namespace: String = EIDNamespace.eid) throws(EIDError) -> XMLElement? {
        let matches = children(named: XMLName(namespace: namespace, localName: localName))
        guard matches.count <= 1 else { throw EIDError(.malformedResponse, debugReason: "more than one \(localName)") }
        return matches.first
    }

    func requiredChild(_ localName: String, in namespace: String = EIDNamespace.eid) throws(EIDError) -> XMLElement {
        guard let child = try optionalChild(localName, in: namespace) else {
            throw EIDError(.malformedResponse, debugReason: "\(name.localName) lacks \(localName)")
        }
        return child
    }

    func optionalText(_ localName: String) throws(EIDError) -> String? {
        try optionalChild(localName)?.trimmedText
    }

    func requiredText(_ localName: String) throws(EIDError) -> String {
        try requiredChild(localName).trimmedText
    }

    var trimmedText: String {
        textContent.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Requires this element to be `eid:<localName>`.
    func require(_ localName: String) throws(EIDError) {
        guard name == XMLName(namespace: EIDNamespace.eid, localName: localName) else {
            throw EIDError(.malformedResponse, debugReason: "expected eid:\(localName), got \(name)")
        }
    }

    /// An `OperationsSelectorType`-like element: one child per attribute with a value from
    /// `Value`. An unknown attribute or value makes the message malformed.
    func attributeValues<Value: RawRepresentable>() throws(EIDError) -> [EIDAttribute: Value] where Value.RawValue == String {
        var values: [EIDAttribute: Value] = [:]
        for child in children {
            guard child.name.namespaceURI == EIDNamespace.eid, let attribute = EIDAttribute(rawValue: child.name.localName),
                  let value = Value(rawValue: child.trimmedText)
            else { throw EIDError(.malformedResponse, debugReason: "\(name.localName)/\(child.name.localName)") }
            values[attribute] = value
        }
        return values
    }
}
