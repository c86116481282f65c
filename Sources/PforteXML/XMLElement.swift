import CXMLSec
import CXMLSecShim

/// An element of an ``XMLDocument``.
///
/// Holds its document strongly, so the tree it points into lives at least as long as the
/// handle; two handles are equal when they denote the same node.
public struct XMLElement: Hashable {
    public let document: XMLDocument
    let node: xmlNodePtr

    init(document: XMLDocument, node: xmlNodePtr) {
        self.document = document
        self.node = node
    }

    public static func == (lhs: XMLElement, rhs: XMLElement) -> Bool { lhs.node == rhs.node }

    public func hash(into hasher: inout Hasher) { hasher.combine(node) }

    public var name: XMLName {
        XMLName(
            namespace: String(borrowingXMLChars: node.pointee.ns?.pointee.href),
            localName: String(borrowingXMLChars: node.pointee.name) ?? ""
        )
    }

    /// The parent element; `nil` for the document element (and for an element taken out of the
    /// tree by encryption or decryption).
    public var parent: XMLElement? {
        guard let parent = node.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return XMLElement(document: document, node: parent)
    }

    /// The child elements, in document order.
    public var children: [XMLElement] {
        sequence(first: node.pointee.children) { $0?.pointee.next }
            .compactMap { $0 }
            .filter { $0.pointee.type == XML_ELEMENT_NODE }
            .map { XMLElement(document: document, node: $0) }
    }

    public func children(named name: XMLName) -> [XMLElement] {
        children.filter { $0.name == name }
    }

    public func firstChild(named name: XMLName) -> XMLElement? {
        children.first { $0.name == name }
    }

    /// All elements below this one called `name`, in document order (this element excluded).
    public func descendants(named name: XMLName) -> [XMLElement] {
        selfAndDescendants.dropFirst().filter { $0.name == name }
    }

    /// This element and every element below it, in document order (depth first, no recursion).
    var selfAndDescendants: [XMLElement] {
        var result: [XMLElement] = []
        var pending = [node]
        while let current = pending.popLast() {
            result.append(XMLElement(document: document, node: current))
            var children: [xmlNodePtr] = []
            var child = current.pointee.children
            while let next = child {
                if next.pointee.type == XML_ELEMENT_NODE { children.append(next) }
                child = next.pointee.next
            }
            pending.append(contentsOf: children.reversed())
        }
        return result
    }

    /// The value of attribute `name`, or `nil` if the element has none.
    public func attribute(_ name: XMLName) -> String? {
        withXMLChars(name.localName) { localName in
            withOptionalXMLChars(name.namespaceURI) { namespace in
                let value = namespace.map { xmlGetNsProp(node, localName, $0) } ?? xmlGetNoNsProp(node, localName)
                return String(consumingXMLChars: value)
            }
        }
    }

    /// Sets attribute `name` to `value`. A namespace without a declaration in scope gets one on
    /// this element with a generated prefix.
    ///
    /// An attribute that is already a registered ID stays one under its new value; a new one
    /// becomes an ID when IDs are next registered (signing and verification do it themselves).
    public func setAttribute(_ name: XMLName, to value: String) {
        withXMLChars(name.localName) { localName in
            withXMLChars(value) { value in
                _ = xmlSetNsProp(node, name.namespaceURI.map(namespaceInScope(for:)), localName, value)
            }
        }
    }

    /// The text of this element and all its descendants, concatenated (`xmlNodeGetContent`).
    ///
    /// Never only the first text node: `<a>ad<!---->min</a>` reads as `admin`, the value that
    /// exclusive C14N (which drops comments) signed. Reading only the first node is how the
    /// 2018 SAML comment-truncation attacks (e.g. CVE-2017-11427) turned `admin` into `ad`.
    public var textContent: String {
        String(consumingXMLChars: xmlNodeGetContent(node)) ?? ""
    }

    private func namespaceInScope(for uri: String) -> xmlNsPtr {
        withXMLChars(uri) { href in
            // An attribute cannot use the default namespace (XML Namespaces 1.0 §6.2): it needs a prefix.
            if let namespace = xmlSearchNsByHref(document.pointer, node, href), namespace.pointee.prefix != nil {
                return namespace
            }
            var counter = 0
            while withXMLChars("ns\(counter)", { xmlSearchNs(document.pointer, node, $0) }) != nil {
                counter += 1
            }
            return withXMLChars("ns\(counter)") { xmlNewNs(node, href, $0)! }
        }
    }
}

extension XMLName {
    /// The name of a libxml2 attribute node.
    init(attribute: xmlAttrPtr) {
        self.init(
            namespace: String(borrowingXMLChars: attribute.pointee.ns?.pointee.href),
            localName: String(borrowingXMLChars: attribute.pointee.name) ?? ""
        )
    }
}
