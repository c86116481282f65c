internal import Foundation

/// The answer to the secret question: one of the account's secrets, needed with the e-mail link
/// for a password reset and one of the keys that unwrap the account's data key (design §4, §6;
/// terms seed 000 §2.2).
///
/// Only the ``normalized`` form is kept, so that an answer typed years later with different
/// spacing or capitals still matches: "  Mein Hund  Bello" and "mein hund bello" are the same
/// answer. The answer is never displayed, so angle brackets are allowed; it must have 3–200
/// characters after normalisation and no control characters other than whitespace.
public struct SecretAnswer: Sendable, Hashable {
    /// The answer trimmed, with inner whitespace collapsed to single spaces, lower-cased and in
    /// Unicode NFC (so a decomposed "a\u{308}" and a precomposed "ä" match).
    public let normalized: String

    /// The shortest answer accepted, in characters after normalisation.
    public static let minimumLength = 3
    /// The longest answer accepted, in characters after normalisation; a bound on what is fed
    /// into key derivation.
    public static let maximumLength = 200

    private static let rules = TextRules(length: minimumLength...maximumLength, allowsAngleBrackets: true)

    public init(_ raw: String) throws(TextFieldError) {
        let folded = raw.collapsingWhitespace.lowercased().precomposedStringWithCanonicalMapping
        normalized = try Self.rules.validated(folded)
    }
}
