/// The scopes a client may be allowed, and the claims each releases.
///
/// `openid`, `profile`, `email` and `address` are OIDC Core §5.4's; `birthdate` and
/// `trust_level` are Pforte's own, because portals of the administration often need the date
/// of birth (age checks) or the level of assurance without the whole `profile`. `organisation`
/// asks the user in whose name they act and releases the chosen organisation
/// (``OrganisationClaim``), if any.
public enum Scope: String, Codable, Sendable, CaseIterable {
    case openid
    case profile
    case email
    case address
    case birthdate
    case trustLevel = "trust_level"
    case organisation

    /// The user claims released under this scope. `openid` adds only the ID token's protocol
    /// claims (``ProviderMetadata/protocolClaims``).
    public var claims: [String] {
        switch self {
        case .openid: []
        case .profile: ["name", "given_name", "family_name"]
        case .email: ["email", "email_verified"]
        case .address: ["address"]
        case .birthdate: ["birthdate"]
        case .trustLevel: ["trust_level"]
        case .organisation: ["organisation"]
        }
    }
}
