/// A postal address, a locked profile field after eID verification (seed 003, "Sperrfelder":
/// "Adressdaten"; design §4).
///
/// The rules are deliberately modest, each from the help page (seed 003) or a standard:
/// - street and city: 1–100 characters (with no street name, the help page asks for the city in
///   the street field);
/// - house number: 1–11 characters without whitespace, such as `2a`, `12a-c` or `48-50`, and
///   `0` where there is none (seed 003);
/// - postal code: five digits `0`–`9` in Germany; elsewhere 1–10 letters, digits, spaces or
///   hyphens (`SW1A 1AA`, `1010`), since formats differ by country;
/// - country code: two letters, ISO 3166-1 alpha-2, stored upper case. Whether the code is
///   assigned is not checked: the list changes, and the eID delivers codes Pforte must keep.
///
/// Every field is trimmed first; every text refuses control characters and `<`/`>`.
public struct PostalAddress: Sendable, Hashable {
    /// The fields of an address, for field-level errors.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case street, houseNumber, postalCode, city, countryCode
    }

    public let street: String
    public let houseNumber: String
    public let postalCode: String
    public let city: String
    /// ISO 3166-1 alpha-2, upper case.
    public let countryCode: String

    /// The country code of Germany, whose postal codes have five digits.
    public static let germany = "DE"

    /// The lengths allowed, in characters; pages state them when an entry is too long.
    public static let streetOrCityLength = 1...100
    public static let houseNumberLength = 1...11
    public static let postalCodeLength = 1...10

    private static let streetOrCity = TextRules(length: streetOrCityLength)
    private static let houseNumberRules = TextRules(length: houseNumberLength)
    private static let postalCodeRules = TextRules(length: postalCodeLength)
    private static let letters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    private static let digits = Set("0123456789")

    /// Validates every field and reports all problems at once, by field.
    public init(
        street: String, houseNumber: String, postalCode: String, city: String, countryCode: String
    ) throws(ValidationErrors<Field>) {
        var errors: [Field: [FieldErrorCode]] = [:]
        func check(_ field: Field, _ raw: String, _ rules: TextRules, format: (String) -> Bool = { _ in true }) -> String {
            let value = raw.trimmingWhitespace
            if let violation = rules.firstViolation(in: value) ?? (format(value) ? nil : .invalidFormat) {
                errors[field] = [.text(violation)]
            }
            return value
        }

        let country = check(.countryCode, countryCode.uppercased(), TextRules(length: 2...2)) { code in
            code.allSatisfy { Self.letters.contains($0) }
        }
        self.countryCode = country
        self.street = check(.street, street, Self.streetOrCity)
        self.houseNumber = check(.houseNumber, houseNumber, Self.houseNumberRules) { number in
            !number.contains { $0.isWhitespace }
        }
        self.postalCode = check(.postalCode, postalCode, Self.postalCodeRules) { code in
            if country == Self.germany {
                return code.count == 5 && code.allSatisfy { Self.digits.contains($0) }
            }
            return code.allSatisfy { Self.letters.contains($0) || Self.digits.contains($0) || $0 == " " || $0 == "-" }
        }
        self.city = check(.city, city, Self.streetOrCity)
        guard errors.isEmpty else { throw ValidationErrors(codes: errors) }
    }
}
