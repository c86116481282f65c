import CXMLSec
import CXMLSecShim

extension String {
    /// Copies a string libxml2 allocated for the caller (e.g. by `xmlNodeGetContent`) and frees it.
    init?(consumingXMLChars pointer: UnsafeMutablePointer<xmlChar>?) {
        guard let pointer else { return nil }
        defer { pforte_xml_free(pointer) }
        self.init(cString: pointer)
    }

    /// Copies a string libxml2 still owns (e.g. a node's name).
    init?(borrowingXMLChars pointer: UnsafePointer<xmlChar>?) {
        guard let pointer else { return nil }
        self.init(cString: pointer)
    }
}

/// Passes `string` to libxml2 as a NUL-terminated `xmlChar` (UTF-8) string.
func withXMLChars<Result>(_ string: String, _ body: (UnsafePointer<xmlChar>) -> Result) -> Result {
    string.withCString { pointer in
        pointer.withMemoryRebound(to: xmlChar.self, capacity: string.utf8.count + 1, body)
    }
}

/// Like ``withXMLChars(_:_:)`` for a string that may be absent (libxml2 takes `NULL`).
func withOptionalXMLChars<Result>(_ string: String?, _ body: (UnsafePointer<xmlChar>?) -> Result) -> Result {
    guard let string else { return body(nil) }
    return withXMLChars(string) { body($0) }
}
