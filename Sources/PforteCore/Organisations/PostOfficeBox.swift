/// A post-office box number (Postfach), optional (seed 003: "Das Postfach muss aus mindestens
/// vier Ziffern bestehen und darf maximal 20 Ziffern umfassen"). When given, it is the
/// preferred postal address of the organisation.
public struct PostOfficeBox: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    static let digits = Set("0123456789")
    /// The length allowed, in digits.
    public static let length = 4...20

    /// Trimmed; inner spaces are refused like any other non-digit.
    public init(_ raw: String) throws(TextFieldError) {
        let value = try TextRules(length: Self.length).validated(raw.trimmingWhitespace)
        guard value.allSatisfy(Self.digits.contains) else { throw .invalidFormat }
        self.value = value
    }

    public var description: String { value }
}
