/// The name of an organisation (seed 003, "Der Organisationsname darf …"): 1–40 characters,
/// letters, digits and special characters except `"`, `<`, `>`, `{`, `}`, `[` and `]`.
///
/// Trimmed first. `<` and `>` report ``TextFieldError/angleBracket`` like every other text;
/// the other excluded characters report ``TextFieldError/invalidFormat``.
public struct OrganisationName: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    /// The length allowed, in characters.
    public static let length = 1...40
    static let rules = TextRules(length: length)
    static let excluded: Set<Character> = ["\"", "{", "}", "[", "]"]

    public init(_ raw: String) throws(TextFieldError) {
        let value = try Self.rules.validated(raw.trimmingWhitespace)
        guard !value.contains(where: Self.excluded.contains) else { throw .invalidFormat }
        self.value = value
    }

    public var description: String { value }
}
