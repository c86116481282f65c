/// Why untrusted XML was refused.
public struct XMLParsingError: Error, Hashable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        /// Larger than ``XMLParsingLimits/maximumBytes``; nothing was parsed.
        case tooLarge
        /// The input has a DOCTYPE. Refused outright (before any declaration in it is read):
        /// SAML core §3 and the metadata schema never need one, and DTDs are how entity
        /// expansion (billion laughs) and external entities (XXE) get in.
        case doctypeRefused
        /// Not well-formed XML, or not exactly what was expected (e.g. no root element).
        case malformed
    }

    public let code: Code
    /// Where the parser stopped (1-based), if known.
    public let line: Int?
    /// libxml2's reason, for logs only: it may quote parts of the input.
    public let debugReason: String

    init(_ code: Code, line: Int? = nil, debugReason: String = "") {
        self.code = code
        self.line = line
        self.debugReason = debugReason
    }

    public var description: String {
        let location = line.map { " at line \($0)" } ?? ""
        return "XMLParsingError.\(code)\(location)\(debugReason.isEmpty ? "" : ": \(debugReason)")"
    }
}
