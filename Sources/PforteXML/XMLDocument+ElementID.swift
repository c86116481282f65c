import CXMLSec

extension XMLDocument {
    /// The value of `element`'s registered ID attribute, after registering all IDs anew: what a
    /// same-document reference to `element` must name.
    func registeredID(of element: XMLElement) throws(XMLSignatureError) -> String {
        do throws(XMLIDError) {
            try registerIDs()
        } catch {
            throw XMLSignatureError(.duplicateID, debugReason: error.id)
        }
        var ids: [String] = []
        var attribute = element.node.pointee.properties
        while let current = attribute {
            attribute = current.pointee.next
            if current.pointee.atype == XML_ATTRIBUTE_ID,
               let value = String(consumingXMLChars: xmlNodeListGetString(pointer, current.pointee.children, 1)) {
                ids.append(value)
            }
        }
        guard ids.count == 1, let id = ids.first else { throw XMLSignatureError(.missingID) }
        return id
    }
}
