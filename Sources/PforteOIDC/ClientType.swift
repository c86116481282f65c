/// Whether a client can keep a credential (RFC 6749 §2.1). Explicit rather than inferred from
/// the auth method, so that a registration saying `public` with a secret method is refused
/// instead of silently becoming confidential.
public enum ClientType: String, Codable, Sendable, CaseIterable {
    /// A server-side application that authenticates at the token endpoint.
    case confidential
    /// A browser or native app; holds no credential and must use PKCE (design §7).
    case `public`
}
