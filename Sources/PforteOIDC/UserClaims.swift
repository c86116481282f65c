import Foundation
public import PforteCore

/// The user claims released to a client (OIDC Core §5.1), only those its granted scopes
/// (``Scope/claims``) name. Built while the session is there to open the profile, then kept
/// sealed with the code and the access token (``ClaimSealing``).
public struct UserClaims: Codable, Sendable, Equatable {
    /// OIDC Core §5.1.1.
    public struct Address: Codable, Sendable, Equatable {
        public let formatted: String
        public let streetAddress: String
        public let postalCode: String
        public let locality: String
        /// ISO 3166-1 alpha-2, as Pforte stores it.
        public let country: String

        enum CodingKeys: String, CodingKey {
            case formatted
            case streetAddress = "street_address"
            case postalCode = "postal_code"
            case locality, country
        }
    }

    public var name: String?
    public var givenName: String?
    public var familyName: String?
    public var email: String?
    public var emailVerified: Bool?
    public var birthdate: String?
    public var address: Address?
    public var trustLevel: String?
    /// Set after the user chose to act for an organisation; absent when acting for themselves.
    public var organisation: OrganisationClaim?

    enum CodingKeys: String, CodingKey {
        case name
        case givenName = "given_name"
        case familyName = "family_name"
        case email
        case emailVerified = "email_verified"
        case birthdate, address
        case trustLevel = "trust_level"
        case organisation
    }

    /// - Parameters:
    ///   - email: the login name, which activation confirmed (`emailVerified`), or the address
    ///     another Land asserted for a federated user (not verified here).
    public init(profile: Profile, email: String?, emailVerified: Bool = true, trustLevel: TrustLevel, scopes: [Scope]) {
        for scope in scopes {
            switch scope {
            case .openid: break
            case .profile:
                givenName = profile.givenNames.value
                familyName = profile.familyName.value
                name = [profile.academicTitle?.value, profile.givenNames.value, profile.familyName.value]
                    .compactMap { $0 }.joined(separator: " ")
            case .email:
                self.email = email
                self.emailVerified = email.map { _ in emailVerified }
            case .address:
                address = profile.address.map { address in
                    let street = "\(address.street) \(address.houseNumber)"
                    return Address(
                        formatted: "\(street)\n\(address.postalCode) \(address.city)\n\(address.countryCode)",
                        streetAddress: street, postalCode: address.postalCode, locality: address.city,
                        country: address.countryCode
                    )
                }
            case .birthdate:
                birthdate = profile.dateOfBirth.map(Self.birthdate)
            case .trustLevel:
                self.trustLevel = trustLevel.rawValue
            case .organisation:
                // Not from the person's profile: the authorization adds it once the user chose.
                break
            }
        }
    }

    /// OIDC Core §5.1 allows `YYYY-MM-DD` or `YYYY` alone; a date known only to the month is
    /// released as its year.
    private static func birthdate(_ date: PartialDate) -> String {
        date.day == nil ? String(date.year) : date.description
    }
}
