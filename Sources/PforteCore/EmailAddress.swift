/// An e-mail address that is the login name of an account (seed 003: "Ihre E-Mail-Adresse ist
/// zugleich Ihr Benutzername"; design §4).
///
/// Accepted are printable ASCII addresses of the form `local@domain` with an unquoted dot-atom
/// local part and a DNS domain of at least two labels (see ``EmailAddressError`` for every
/// reason to refuse one). Internationalised addresses are refused because the seed forbids
/// umlauts; internationalised domains can still be entered in their `xn--` form.
///
/// Surrounding whitespace is an error here, not trimmed: trimming form input is the caller's
/// choice (``RegistrationForm`` does it).
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address as the user spelled it, for display and for sending mail.
    public let value: String

    /// The address in lower case, for lookup and uniqueness: `Anna@Example.de` and
    /// `anna@example.de` are one login name. Local parts are case-sensitive in theory only;
    /// no mail provider a citizen uses treats them so.
    public var normalized: String { value.lowercased() }

    public var description: String { value }

    static let maximumLength = 254
    static let maximumLocalPartLength = 64
    static let maximumLabelLength = 63

    /// Validates `raw`, throwing the first reason it is not acceptable.
    public init(_ raw: String) throws(EmailAddressError) {
        let scalars = raw.unicodeScalars
        guard !scalars.isEmpty else { throw .empty }
        if scalars.contains(where: { !$0.isASCII }) { throw .nonASCIICharacter }
        if scalars.contains(where: { $0.properties.isWhitespace }) { throw .whitespace }
        if scalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { throw .controlCharacter }
        if scalars.contains(where: { $0 == "<" || $0 == ">" }) { throw .angleBracket }
        guard scalars.count <= Self.maximumLength else { throw .tooLong }

        let parts = raw.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count > 1 else { throw .missingAtSign }
        guard parts.count == 2 else { throw .multipleAtSigns }
        try Self.checkLocalPart(parts[0])
        try Self.checkDomain(parts[1])
        value = raw
    }

    /// RFC 5322 `atext`: the characters of an unquoted local part besides the dots.
    private static let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~")

    private static func checkLocalPart(_ local: Substring) throws(EmailAddressError) {
        guard !local.isEmpty else { throw .emptyLocalPart }
        guard local.count <= maximumLocalPartLength else { throw .localPartTooLong }
        guard local.allSatisfy({ $0 == "." || atext.contains($0) }) else { throw .invalidLocalPartCharacter }
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { throw .misplacedDot }
    }

    private static func checkDomain(_ domain: Substring) throws(EmailAddressError) {
        guard !domain.isEmpty else { throw .missingDomain }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count > 1 else { throw .domainWithoutDot }
        for label in labels {
            guard !label.isEmpty, label.count <= maximumLabelLength,
                  label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }),
                  label.first != "-", label.last != "-"
            else { throw .invalidDomainLabel }
        }
    }
}
