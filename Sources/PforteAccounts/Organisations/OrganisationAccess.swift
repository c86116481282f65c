import PforteCore
import PforteStore

/// The session account's membership in an organisation, checked: what every organisation flow
/// starts with. Not a member and no such organisation are one answer (``OrganisationError/Code/notFound``).
struct OrganisationAccess {
    let organisation: OrganisationRecord
    let membership: MembershipRecord
    let role: OrganisationRole

    static func load(_ organisationID: String, session: AuthenticatedSession, environment: AccountEnvironment,
                     requireAdmin: Bool = false) async throws -> OrganisationAccess {
        guard OrganisationID(organisationID) != nil,
              let organisation = try await environment.organisations.find(id: organisationID),
              let membership = try await environment.organisations.membership(
                organisationID: organisationID, accountID: session.accountID.description),
              let role = OrganisationRole(rawValue: membership.role)
        else { throw OrganisationError(.notFound) }
        if requireAdmin && role != .admin { throw OrganisationError(.notAdmin) }
        return OrganisationAccess(organisation: organisation, membership: membership, role: role)
    }

    /// An audit entry for a change made by this member.
    func audit(_ event: AuditEvent, about login: String, environment: AccountEnvironment, selfService: Bool = false) -> AuditEntryRecord {
        AuditEntryRecord(event: event.rawValue, accountLogin: login, actorLogin: selfService ? nil : membership.login,
                         at: environment.now())
    }
}

/// The kinds of recorded change (seed 001 3 b aa).
enum AuditEvent: String {
    case granted, revoked, promoted, left
    /// Access ended because the member's personal account was recovered without its secrets.
    case recovered
}
