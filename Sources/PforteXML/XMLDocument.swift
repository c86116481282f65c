import CXMLSec
import CXMLSecShim
public import Foundation

/// A parsed XML document (a libxml2 tree), the unit everything else in this module works on.
///
/// Not `Sendable`: libxml2 trees are not safe to share between threads. Parse, check and use a
/// document within one task; keys (``XMLSigningKey``, ``XMLVerificationKey``) are what is shared.
public final class XMLDocument {
    let pointer: xmlDocPtr

    /// Nodes taken out of the tree (by encryption or decryption) are freed only with the
    /// document, so that an ``XMLElement`` still referring to one never dangles.
    private var detachedNodes: [xmlNodePtr] = []

    /// The attributes ``registerIDAttributes(_:)`` last registered as IDs; signing and
    /// verification register them again, so IDs added or changed since are seen too.
    private(set) var idAttributeNames: [XMLName] = XMLName.defaultIDAttributes

    /// Parses untrusted bytes: see ``XMLParsingLimits`` and ``XMLParsingError/Code`` for what is
    /// refused.
    public init(parsing data: Data, limits: XMLParsingLimits = .default) throws(XMLParsingError) {
        pointer = try HardenedParser.parseDocument(data, limits: limits)
    }

    public convenience init(parsing string: String, limits: XMLParsingLimits = .default) throws(XMLParsingError) {
        try self.init(parsing: Data(string.utf8), limits: limits)
    }

    deinit {
        for node in detachedNodes {
            xmlFreeNode(node)
        }
        xmlFreeDoc(pointer)
    }

    /// The document element; a parsed document always has one.
    public var root: XMLElement {
        XMLElement(document: self, node: xmlDocGetRootElement(pointer)!)
    }

    /// The document as UTF-8 bytes with an XML declaration, byte for byte as libxml2 holds it
    /// (no reformatting, which would break signatures over whitespace).
    public func serialized() -> Data {
        var buffer: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        xmlDocDumpMemoryEnc(pointer, &buffer, &size, "UTF-8")
        guard let buffer else { return Data() }
        defer { pforte_xml_free(buffer) }
        return Data(bytes: buffer, count: Int(size))
    }

    /// ``serialized()`` as a string.
    public var xmlString: String {
        String(decoding: serialized(), as: UTF8.self)
    }

    /// Replaces `old` by `new` in the tree. `old` keeps its memory until the document goes
    /// (see `detachedNodes`) but loses its IDs, so ID lookups never find a detached element.
    func replace(_ old: xmlNodePtr, with new: xmlNodePtr) {
        xmlReplaceNode(old, new)
        unregisterIDs(in: old)
        detachedNodes.append(old)
    }

    func setIDAttributeNames(_ names: [XMLName]) {
        idAttributeNames = names
    }
}
