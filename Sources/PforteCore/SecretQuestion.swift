/// The user's own secret question, set at registration and shown again when the password is
/// reset (design §4; terms seed 000 §2.2: "die bei Registrierung angegebene geheime Frage").
///
/// Free text of 3–200 characters after trimming, no control characters, no `<` or `>` (it is
/// displayed).
public struct SecretQuestion: Sendable, Hashable, CustomStringConvertible {
    /// The question, trimmed.
    public let value: String

    public var description: String { value }

    /// The shortest question accepted, in characters.
    public static let minimumLength = 3
    /// The longest question accepted, in characters.
    public static let maximumLength = 200

    private static let rules = TextRules(length: minimumLength...maximumLength)

    public init(_ raw: String) throws(TextFieldError) {
        value = try Self.rules.validated(raw.trimmingWhitespace)
    }
}
