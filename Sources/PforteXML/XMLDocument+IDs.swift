import CXMLSec
import CXMLSecShim

/// ID attributes: how a same-document reference (`URI="#…"`, XML-DSig 1.1 §4.4.3.3) finds its
/// element. Without a DTD or schema libxml2 knows no attribute is of type ID, so they are
/// registered by name (`xmlAddID`).
extension XMLDocument {
    /// Registers every attribute called one of `names` as an ID, and remembers `names` for
    /// signing and verification.
    ///
    /// Throws if two attributes share a value: an ambiguous ID is what signature-wrapping
    /// attacks use to make the verifier and the application look at different elements.
    public func registerIDAttributes(_ names: [XMLName] = XMLName.defaultIDAttributes) throws(XMLIDError) {
        setIDAttributeNames(names)
        try registerIDs()
    }

    /// The element whose registered ID attribute has `id` as its value.
    public func element(withID id: String) -> XMLElement? {
        guard let attribute = withXMLChars(id, { xmlGetID(pointer, $0) }),
              let node = attribute.pointee.parent
        else { return nil }
        return XMLElement(document: self, node: node)
    }

    /// (Re-)registers the attributes named `idAttributeNames`; attributes already registered
    /// under their current value are left alone.
    func registerIDs() throws(XMLIDError) {
        for element in root.selfAndDescendants {
            var attribute = element.node.pointee.properties
            while let current = attribute {
                attribute = current.pointee.next
                guard idAttributeNames.contains(XMLName(attribute: current)) else { continue }
                let value = String(consumingXMLChars: xmlNodeListGetString(pointer, current.pointee.children, 1)) ?? ""
                let registered = withXMLChars(value) { xmlGetID(pointer, $0) }
                if registered == current && current.pointee.atype == XML_ATTRIBUTE_ID { continue }
                guard !value.isEmpty, withXMLChars(value, { xmlAddID(nil, pointer, $0, current) }) != nil else {
                    throw XMLIDError(value.isEmpty ? .empty : .duplicate, id: value)
                }
            }
        }
    }

    /// Takes the IDs of a subtree leaving the tree out of the ID table.
    func unregisterIDs(in node: xmlNodePtr) {
        guard node.pointee.type == XML_ELEMENT_NODE else { return }
        for element in XMLElement(document: self, node: node).selfAndDescendants {
            var attribute = element.node.pointee.properties
            while let current = attribute {
                attribute = current.pointee.next
                if current.pointee.atype == XML_ATTRIBUTE_ID {
                    xmlRemoveID(pointer, current)
                }
            }
        }
    }
}
