public import PforteCore

/// What a relying portal may learn about the organisations a member acts for (seed 001 3 b cc
/// and 3 c bb). The protocol side (OIDC `organisation` claim, SAML attributes) calls this with
/// the login session and never touches keys or the store itself.
///
/// The flow at a portal login: ``actingOptions(session:)`` lists "in whose name do you act";
/// after the user picks an organisation, ``release(organisationID:clientID:session:)`` either
/// returns the profile (general release on, or the user consented for this service before)
/// or says consent is needed; the consent page then calls
/// ``consent(organisationID:clientID:session:)`` and asks again.
public struct OrganisationReleaseService: Sendable {
    let environment: AccountEnvironment

    private var keyring: OrganisationKeyring { OrganisationKeyring(environment: environment) }

    /// The organisations the session's account may act for, with its role; empty for most
    /// accounts, in which case the portal login need not ask.
    public func actingOptions(session: AuthenticatedSession) async throws -> [OrganisationSummary] {
        try await OrganisationService(environment: environment).list(session: session)
    }

    /// The organisation's profile for `clientID` (a client id or SP entity id), when it may go.
    /// Acting for the organisation counts as using it (inactivity period restarts).
    ///
    /// - Throws: ``OrganisationError/Code/notFound`` when the account is not (or no longer) a member.
    public func release(organisationID: String, clientID: String, session: AuthenticatedSession) async throws -> OrganisationRelease {
        let access = try await OrganisationAccess.load(organisationID, session: session, environment: environment)
        let consented = try await environment.organisations.hasConsent(
            organisationID: organisationID, clientID: clientID, accountID: session.accountID.description)
        let key = try await keyring.organisationKey(access.membership, session: session)
        let organisation = ReleasedOrganisation(
            id: access.organisation.id, role: access.role, profile: try keyring.openProfile(access.organisation, with: key))
        guard access.organisation.generalRelease || consented else {
            return .consentRequired(organisation)
        }
        try await environment.organisations.recordUse(organisationID: organisationID, at: environment.now())
        return .released(organisation)
    }

    /// Records the member's consent to release the organisation's profile to `clientID`.
    public func consent(organisationID: String, clientID: String, session: AuthenticatedSession) async throws {
        _ = try await OrganisationAccess.load(organisationID, session: session, environment: environment)
        try await environment.organisations.recordConsent(organisationID: organisationID, clientID: clientID,
                                                          accountID: session.accountID.description, at: environment.now())
    }
}

/// The answer of ``OrganisationReleaseService/release(organisationID:clientID:session:)``.
public enum OrganisationRelease: Sendable {
    case released(ReleasedOrganisation)
    /// Neither the general release nor a consent for this service: ask the member, showing
    /// exactly the data that would go (the member may read it anyway).
    case consentRequired(ReleasedOrganisation)
}

/// An organisation's data as released to one service. `id` is the internal id: the protocol
/// side derives a pairwise identifier per client from it (design §5), never sends it as is.
public struct ReleasedOrganisation: Sendable {
    public let id: String
    public let role: OrganisationRole
    public let profile: OrganisationProfile
}
