/// A commercial-register number (Handelsregisternummer), optional: seed 003 asks for it only
/// from registered companies.
///
/// German register numbers look like `HRB 12345`, `HRA 4711 B` or `GnR 123`; the court is
/// not part of the number. The check is deliberately loose: 2–30 characters of letters,
/// digits, spaces, `.`, `-` and `/`, with at least one digit, inner spaces collapsed.
public struct CommercialRegisterNumber: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    /// The length allowed, in characters.
    public static let length = 2...30
    static let rules = TextRules(length: length)

    public init(_ raw: String) throws(TextFieldError) {
        let value = try Self.rules.validated(raw.collapsingWhitespace)
        let allowed = value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || " .-/".contains($0)) }
        guard allowed, value.contains(where: { $0.isASCII && $0.isNumber }) else { throw .invalidFormat }
        self.value = value
    }

    public var description: String { value }
}
