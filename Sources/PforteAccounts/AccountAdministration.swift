import Foundation
import PforteCore
import PforteStore

/// The operator's account commands (`pforte accounts create|list|show|delete|purge`; design §1).
public struct AccountAdministration: Sendable {
    let environment: AccountEnvironment

    /// Creates an account that is active at once, with the same sealing as a registration.
    ///
    /// Without a secret question and answer the account has no answer wrapping: a forgotten
    /// password can then only be recovered, which wipes its sealed data (design §4).
    ///
    /// - Throws: ``AccountError/Code/invalidForm(_:)`` (codes of
    ///   ``PforteCore/RegistrationForm/Field``), ``AccountError/Code/incompleteSecretQuestion``,
    ///   ``AccountError/Code/loginTaken``.
    public func createActivatedAccount(email: String, givenNames: String, familyName: String, password: String,
                                       secretQuestion: String? = nil, secretAnswer: String? = nil) async throws -> AccountSummary {
        guard (secretQuestion == nil) == (secretAnswer == nil) else { throw AccountError(.incompleteSecretQuestion) }
        let valid = try FormValidation.validate(
            givenNames: givenNames, familyName: familyName, email: email, password: password, passwordRepeated: password,
            secretQuestion: secretQuestion, secretAnswer: secretAnswer
        )
        let account: AccountRecord
        do {
            account = try await AccountCreation(environment: environment).create(valid, withSecretQuestion: secretAnswer != nil)
        } catch let error as AccountStoreError where error.code == .loginTaken {
            throw AccountError(.loginTaken)
        }
        try await environment.accounts.activate(id: account.id, at: environment.now())
        return try await summary(id: account.id)
    }

    /// Accounts in order of creation.
    public func list(limit: Int = 100, offset: Int = 0) async throws -> [AccountSummary] {
        try await environment.accounts.list(limit: limit, offset: offset).map(AccountSummary.init)
    }

    /// The account with this id or login address, or `nil`.
    public func show(_ reference: String) async throws -> AccountSummary? {
        try await find(reference).map(AccountSummary.init)
    }

    /// Deletes the account with this id or login address at once; its address is free again.
    ///
    /// Unlike the user's own deletion, the operator's is not refused for the last admin of an
    /// organisation: it may be ordered by law. An organisation left without any member is
    /// deleted with it, since its key is then wrapped for nobody and nothing in it can ever be
    /// opened; one left with members but no admin stays usable for acting, unmanaged (seed 001
    /// 3 c aa describes exactly that case).
    ///
    /// - Returns: whether there was such an account.
    @discardableResult
    public func delete(_ reference: String) async throws -> Bool {
        guard let account = try await find(reference) else { return false }
        let memberships = try await environment.organisations.memberships(accountID: account.id)
        let deleted = try await environment.accounts.delete(id: account.id)
        try await deleteEmptied(memberships.map(\.organisation))
        return deleted
    }

    /// Deletes those of `organisations` that a deleted account left without members.
    func deleteEmptied(_ organisations: [OrganisationRecord]) async throws {
        for organisation in organisations where try await environment.organisations.members(organisationID: organisation.id).isEmpty {
            try await environment.organisations.delete(id: organisation.id)
        }
    }

    /// Runs every retention job once: unactivated registrations older than the activation
    /// validity (design §4), ended sessions, login history older than 90 days, expired links, throttle counters older
    /// than the longest throttle window, expired eID steps, old records of sent mail, and the organisation jobs (expired invitations, the yearly
    /// membership report, the inactivity notice and deletion). `pforte accounts purge` calls this; a periodic service may too.
    public func runRetentionJobs() async throws -> RetentionReport {
        let now = environment.now()
        let organisations = try await OrganisationRetention(environment: environment).run(now: now)
        return RetentionReport(
            unactivatedAccounts: try await environment.accounts.purgeUnactivated(
                createdBefore: now.addingTimeInterval(-environment.configuration.activationValidity)
            ),
            sessions: try await environment.sessions.purgeExpired(now: now).count,
            loginEvents: try await LoginHistory(environment: environment).purge(now: now),
            mailTokens: try await environment.mailTokens.purgeExpired(now: now),
            throttleCounters: try await environment.throttles.purge(
                olderThan: now.addingTimeInterval(-environment.throttle.longestWindow), keeping: environment.throttle.keptScopes
            ) + environment.throttles.purge(olderThan: now.addingTimeInterval(-Throttle.ceilingRetention), keeping: []),
            eIDSteps: try await environment.eIDTransactions.purgeExpired(now: now),
            invitations: organisations.invitations,
            organisationAuditReports: organisations.auditReports,
            organisationDeletionNotices: organisations.deletionNotices,
            deletedOrganisations: organisations.deletedOrganisations,
            mailRecords: try await environment.mail.store.purge(
                finishedBefore: now.addingTimeInterval(-RetentionReport.mailRecordRetention)
            )
        )
    }

    private func summary(id: String) async throws -> AccountSummary {
        guard let account = try await environment.accounts.find(id: id) else { throw AccountError(.accountNotFound) }
        return AccountSummary(account)
    }

    /// An account id (22 characters of base64url) names the account directly; anything else is
    /// taken as a login address.
    func find(_ reference: String) async throws -> AccountRecord? {
        if AccountID(reference) != nil, let account = try await environment.accounts.find(id: reference) {
            return account
        }
        return try await environment.accounts.find(byLogin: LoginName.normalize(reference))
    }
}
