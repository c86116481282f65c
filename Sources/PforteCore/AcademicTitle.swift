/// An academic title such as "Dr." or "Prof. Dr.", a locked profile field after eID
/// verification (seed 003, "Sperrfelder": "Titel"; design §4). The eID calls it "DoctoralDegree".
///
/// 1–50 characters after trimming, no control characters, no `<` or `>`: enough for
/// accumulations like "Prof. Dr. Dr. h. c. mult.". No title at all is `nil` in ``Profile``.
public struct AcademicTitle: Sendable, Hashable, CustomStringConvertible {
    /// The title, trimmed.
    public let value: String

    public var description: String { value }

    /// The longest title accepted, in characters.
    public static let maximumLength = 50

    private static let rules = TextRules(length: 1...maximumLength)

    public init(_ raw: String) throws(TextFieldError) {
        value = try Self.rules.validated(raw.trimmingWhitespace)
    }
}
