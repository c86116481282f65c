/// How the user proved who they are in a login, recorded in the session and released as the
/// OIDC `amr` claim (design §3: "A session records the level it reached and when (`auth_time`,
/// `acr`, `amr`)"). The raw value is the `amr` value.
public enum AuthenticationMethod: String, Sendable, CaseIterable {
    /// E-mail address and password (RFC 8176 `pwd`).
    case password = "pwd"
    /// The eID function of the ID card or residence permit.
    case eID = "eid"
    /// A login at another Land's Servicekonto through the SAML federation (design §1).
    case federation = "fed"
}
