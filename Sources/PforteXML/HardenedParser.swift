import CXMLSec
import CXMLSecShim
import Foundation

/// The only way untrusted bytes become libxml2 nodes in this module.
///
/// Options: `XML_PARSE_NONET` (no network access, whatever a document refers to) and silent
/// errors; never `NOENT` (entity substitution), `DTDLOAD`/`DTDATTR` (loading or defaulting from
/// DTDs) or `HUGE` (lifting libxml2's size limits). A DOCTYPE stops the parser in the C shim
/// before its internal subset is read.
enum HardenedParser {
    private static let options = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
    )

    /// Parses a whole document.
    static func parseDocument(_ data: Data, limits: XMLParsingLimits) throws(XMLParsingError) -> xmlDocPtr {
        guard data.count <= limits.maximumBytes else { throw XMLParsingError(.tooLarge) }
        guard !data.isEmpty else { throw XMLParsingError(.malformed, debugReason: "empty input") }
        XMLSecLibrary.beginOperation()
        var document: xmlDocPtr?
        var line: Int32 = 0
        let status = data.withUnsafeBytes { bytes in
            pforte_parse_hardened(
                bytes.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(bytes.count), options,
                &document, &line
            )
        }
        switch status {
        case PFORTE_PARSE_OK:
            return document!
        case PFORTE_PARSE_DOCTYPE_REFUSED:
            throw XMLParsingError(.doctypeRefused)
        default:
            throw XMLParsingError(
                .malformed, line: line > 0 ? Int(line) : nil, debugReason: XMLSecLibrary.lastErrorReason
            )
        }
    }

    /// Parses the serialisation of exactly one element (e.g. the plaintext of an XML-Enc
    /// `EncryptedData` of `Type` Element) in the namespace context of `parent`, which is where
    /// the element will be inserted. XML-Enc 1.1 §4.5 step 3.2: the cleartext is parsed in the
    /// context of where the `EncryptedData` was, so prefixes declared on ancestors resolve.
    ///
    /// Content cannot carry a DOCTYPE at all (it is only allowed in a document's prolog), and
    /// the document itself never has a DTD, so no entity other than the five predefined ones
    /// can be referenced.
    static func parseElement(
        _ bytes: UnsafeRawBufferPointer, inContextOf parent: xmlNodePtr, limits: XMLParsingLimits
    ) throws(XMLParsingError) -> xmlNodePtr {
        guard bytes.count <= limits.maximumBytes else { throw XMLParsingError(.tooLarge) }
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            throw XMLParsingError(.malformed, debugReason: "empty input")
        }
        var list: xmlNodePtr?
        let result = xmlParseInNodeContext(
            parent, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count), options, &list
        )
        guard result == XML_ERR_OK, let first = list else {
            xmlFreeNodeList(list)
            throw XMLParsingError(.malformed, debugReason: XMLSecLibrary.lastErrorReason)
        }
        let elements = sequence(first: first) { $0.pointee.next }.filter { !isBlankText($0) }
        guard elements.count == 1, let element = elements.first, element.pointee.type == XML_ELEMENT_NODE else {
            xmlFreeNodeList(first)
            throw XMLParsingError(.malformed, debugReason: "expected exactly one element")
        }
        if element != first {
            xmlUnlinkNode(element)
            xmlFreeNodeList(first)
        } else if let rest = element.pointee.next {
            xmlUnlinkNode(element)
            xmlFreeNodeList(rest)
        }
        return element
    }

    private static func isBlankText(_ node: xmlNodePtr) -> Bool {
        node.pointee.type == XML_TEXT_NODE && xmlIsBlankNode(node) == 1
    }
}
