/// How a client authenticates at the token, revocation and introspection endpoints
/// (OIDC Core §9; design §7). `client_secret_jwt` is left out on purpose: it needs the secret
/// in clear on our side, and we keep only its digest (``ClientSecret``).
public enum TokenEndpointAuthMethod: String, Codable, Sendable, CaseIterable {
    case clientSecretBasic = "client_secret_basic"
    case clientSecretPost = "client_secret_post"
    case privateKeyJWT = "private_key_jwt"
    /// Public clients: no authentication, PKCE instead.
    case none

    /// Whether Pforte generates a secret for clients using this method.
    public var usesSecret: Bool {
        self == .clientSecretBasic || self == .clientSecretPost
    }
}
