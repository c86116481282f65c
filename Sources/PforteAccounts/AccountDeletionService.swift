/// Deletion of one's own account (design §4): immediate, after the password is entered again,
/// and the address is free for a new registration at once.
public struct AccountDeletionService: Sendable {
    let environment: AccountEnvironment

    /// Deletes the session's account with its sessions and links (the store cascades).
    ///
    /// The last admin of an organisation cannot delete the account (design §4, seed 001 §2):
    /// the organisation would be left without anyone to manage it. In every other organisation
    /// the account leaves first, as ``MembershipService/leave(organisationID:session:)`` does,
    /// so the others are told and the organisation's key is renewed.
    ///
    /// - Throws: ``AccountError/Code/soleOrganisationAdmin(_:)`` naming those organisations,
    ///   ``AccountError/Code/throttled(retryAfter:)``, or
    ///   ``AccountError/Code/invalidCredentials`` for a wrong password.
    public func deleteAccount(session: AuthenticatedSession, password: String, clientAddress: String,
                              language: MailLanguage = .german) async throws {
        let account = try await environment.account(of: session)
        let soleAdmin = try await environment.organisations.soleAdminOrganisations(accountID: account.id)
        guard soleAdmin.isEmpty else { throw AccountError(.soleOrganisationAdmin(soleAdmin.map(\.name))) }
        try await environment.confirmPassword(password, of: account, clientAddress: clientAddress)
        let memberships = MembershipService(environment: environment)
        for (organisation, _) in try await environment.organisations.memberships(accountID: account.id) {
            do {
                try await memberships.leave(organisationID: organisation.id, session: session, language: language)
            } catch let error as OrganisationError where error.code == .keyUnavailable {
                // A key lost to a recovery cannot renew the organisation's key; the account's
                // deletion still removes the membership and its (unopenable) wrapping.
            }
        }
        try await environment.accounts.delete(id: account.id)
    }

    /// Deletes what Pforte holds of a federated account (issue #19): the anchor row with its
    /// sessions, consents and login history (the store cascades). No password is asked, as the
    /// account never had one here; the session itself is the proof. The Land's account stays.
    ///
    /// - Throws: ``AccountError/Code/accountNotFound`` when it is gone already, and
    ///   ``AccountError/Code/invalidCredentials`` for a local account's session, which must
    ///   confirm with its password (``deleteAccount(session:password:clientAddress:)``).
    public func deleteFederatedAccount(session: AuthenticatedSession) async throws {
        let account = try await environment.account(of: session)
        guard account.status == .federated else { throw AccountError(.invalidCredentials) }
        try await environment.accounts.delete(id: account.id)
    }
}
