/// Why a message, an address or a header was refused before anything was rendered or sent.
///
/// Every check that guards against header injection (RFC 5322 §2.2: a header field ends at CRLF,
/// so a CR or LF inside a value would start a new field) reports ``Code/lineBreak``, so callers
/// and tests can tell an attack from an ordinary typo.
public struct MailError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// A CR or LF in a header value, display name or address.
        case lineBreak = "line_break"
        /// Another control character (NUL, TAB, ESC, DEL …) in a header value or display name.
        case controlCharacter = "control_character"
        /// Not an `local-part@domain` we can send to (see ``MailAddress``).
        case invalidAddress = "invalid_address"
        /// A domain that is not a sequence of LDH labels (used for the Message-ID too).
        case invalidDomain = "invalid_domain"
        /// A header name outside RFC 5322 §2.2 `ftext`, or one the renderer writes itself.
        case invalidHeaderName = "invalid_header_name"
        /// A custom header value with non-ASCII text (custom headers are structured fields,
        /// so RFC 2047 encoding would change their meaning).
        case invalidHeaderValue = "invalid_header_value"
        /// A message without any recipient.
        case noRecipients = "no_recipients"
    }

    public let code: Code
    /// The field or value that was refused, for the operator; never contains a line break.
    public let detail: String

    init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = String(detail.unicodeScalars.map { $0.properties.generalCategory == .control ? "\u{FFFD}" : Character($0) })
    }

    public var description: String { "\(code.rawValue): \(detail)" }
}
