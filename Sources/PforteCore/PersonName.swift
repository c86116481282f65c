/// A given name (or several) or a family name, as entered at registration (seed 003: "Ihren
/// Namen") or read from the eID.
///
/// 1–100 characters after trimming surrounding whitespace, no control characters, no `<` or `>`.
/// Anything else is allowed: names have apostrophes, hyphens, spaces and letters of every
/// script, and the eID delivers them as they are.
public struct PersonName: Sendable, Hashable, CustomStringConvertible {
    /// The name, trimmed.
    public let value: String

    public var description: String { value }

    /// The longest name accepted, in characters.
    public static let maximumLength = 100

    private static let rules = TextRules(length: 1...maximumLength)

    public init(_ raw: String) throws(TextFieldError) {
        value = try Self.rules.validated(raw.trimmingWhitespace)
    }
}
