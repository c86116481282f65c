/// What a member may do in an organisation (seed 001 3 b aa; seed 003: "beliebig viele
/// Administratoren … die gleichen Rechte"). Every member acts for the organisation at online
/// services; only admins manage members, the release switch and the organisation itself.
///
/// - Important: The raw values are stored and released to portals (OIDC `organisation.role`).
public enum OrganisationRole: String, Sendable, Hashable, CaseIterable {
    case admin
    case member
}
