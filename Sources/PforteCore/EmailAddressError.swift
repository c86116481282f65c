/// Why a string is not an acceptable login e-mail address (see ``EmailAddress``).
///
/// ``EmailAddress/init(_:)`` reports the first reason found, in the order of the cases.
public enum EmailAddressError: String, Error, Sendable, CaseIterable {
    /// Nothing was entered.
    case empty
    /// A character outside ASCII, such as an umlaut (seed 003: "Umlaute in der E-Mail-Adresse
    /// sind nicht erlaubt").
    case nonASCIICharacter
    /// A space, tab or line break.
    case whitespace
    /// Another ASCII control character.
    case controlCharacter
    /// `<` or `>` (seed 003: "die Sonderzeichen "<" und ">" sind in der E-Mailadresse nicht
    /// erlaubt").
    case angleBracket
    /// More than 254 characters (RFC 5321's path limit less the angle brackets).
    case tooLong
    /// No `@`.
    case missingAtSign
    /// More than one `@` (quoted local parts, the only place one could appear, are refused).
    case multipleAtSigns
    /// Nothing before the `@`.
    case emptyLocalPart
    /// More than 64 characters before the `@` (RFC 5321 §4.5.3.1.1).
    case localPartTooLong
    /// A character outside RFC 5322's `atext` before the `@`, such as `"`, `(`, `,` or `\`:
    /// only the unquoted dot-atom form is accepted.
    case invalidLocalPartCharacter
    /// A dot at the start or end of the local part, or two dots in a row.
    case misplacedDot
    /// Nothing after the `@`.
    case missingDomain
    /// A domain without a dot: a login address must be deliverable on the internet.
    case domainWithoutDot
    /// A domain label that is empty, longer than 63 characters, has characters other than
    /// letters, digits and `-`, or starts or ends with `-` (RFC 1035 §2.3.1).
    case invalidDomainLabel
}
