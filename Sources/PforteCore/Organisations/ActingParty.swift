/// In whose name a user acts at a portal (issue #8): themselves, or an organisation they are a
/// member of. Asked only when the portal can use the answer: OIDC scope `organisation`, or
/// organisation attributes among those a SAML SP receives.
public enum ActingParty: Codable, Sendable, Equatable {
    case person
    /// The internal organisation id; portals only ever see its pairwise derivation.
    case organisation(id: String)
}
