import Foundation
import PforteCrypto
public import PforteStore

/// The service desk's actions on citizens' accounts (issue #22; seed 004: "Support für Bürger-
/// und Nutzeranfragen (Kontosperrung, Hilfestellung)"). Each action is written with its audit
/// event in one transaction (``PforteStore/ServiceDeskStore``) and logged by the caller.
///
/// Accounts are named by login address or account id. Actions that end sessions return the
/// ended sessions: the web layer then tells the OIDC clients at once by back channel; on the
/// command line the server's back-channel round finds them ended within its interval.
public struct ServiceDeskService: Sendable {
    let environment: AccountEnvironment

    /// How many audit events a page or the command line lists at most.
    public static let auditPageSize = 100

    /// The account `reference` names, or ``AccountError/Code/accountNotFound``.
    func account(_ reference: String) async throws -> AccountRecord {
        guard let account = try await AccountAdministration(environment: environment).find(reference.trimmingCharacters(in: .whitespaces))
        else { throw AccountError(.accountNotFound) }
        return account
    }

    private func event(_ action: AuditAction, by actor: ServiceDeskActor, accountID: String?, reason: String? = nil) -> AuditTrailEntry {
        AuditTrailEntry(id: RandomToken.make(), occurredAt: environment.now(), actor: actor.name, action: action, accountID: accountID,
                   reason: reason)
    }

    /// Locks the account with a reason: no login by any method until it is unlocked; every
    /// session and token ends. Returns the account id and the ended sessions.
    @discardableResult
    public func lock(_ reference: String, reason: String, by actor: ServiceDeskActor) async throws -> (accountID: String, ended: [EndedSession]) {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 500 else { throw AccountError(.notPermitted) }
        let account = try await account(reference)
        let ended = try await environment.serviceDesk.desk.lock(
            accountID: account.id, reason: reason, event: event(.lock, by: actor, accountID: account.id, reason: reason)
        )
        return (account.id, ended)
    }

    /// Lifts the administrative lock; returns whether the account was locked. The ceiling of
    /// failed attempts is a different lock and stays as it is.
    @discardableResult
    public func unlock(_ reference: String, reason: String?, by actor: ServiceDeskActor) async throws -> Bool {
        let account = try await account(reference)
        return try await environment.serviceDesk.desk.unlock(
            accountID: account.id, event: event(.unlock, by: actor, accountID: account.id, reason: reason.flatMap(Self.nonEmpty))
        )
    }

    /// Ends every session of the account and revokes its tokens.
    public func endSessions(_ reference: String, by actor: ServiceDeskActor) async throws -> [EndedSession] {
        let account = try await account(reference)
        return try await environment.serviceDesk.desk.endSessions(accountID: account.id,
                                                                   event: event(.endSessions, by: actor, accountID: account.id))
    }

    /// Sends a fresh activation link to a registration not yet activated (older links stop
    /// working). ``AccountError/Code/notPermitted`` for an account that is not pending.
    public func resendActivation(_ reference: String, by actor: ServiceDeskActor, language: MailLanguage = .german) async throws {
        let account = try await account(reference)
        guard account.status == .pendingActivation else { throw AccountError(.notPermitted) }
        let token = RandomToken.make()
        let validity = environment.configuration.activationValidity
        let now = environment.now()
        let mail = try environment.mail.outgoing(
            environment.mails.activation(to: account.login, token: token, validFor: validity, language: language), now: now
        )
        try await environment.serviceDesk.desk.record(
            event(.resendActivation, by: actor, accountID: account.id),
            link: LinkIssue(digest: environment.keys.digest(of: token), purpose: .activation, expiresAt: now.addingTimeInterval(validity)),
            mails: [mail]
        )
        await environment.mail.afterQueueing()
    }

    /// Queues a password-reset request for the account's address, as the citizen's own
    /// "forgot password" does: the sender issues the link. Only for active local accounts.
    public func sendPasswordReset(_ reference: String, by actor: ServiceDeskActor, language: MailLanguage = .german) async throws {
        let account = try await account(reference)
        guard account.status == .active else { throw AccountError(.notPermitted) }
        let request = try environment.mail.outgoing(.passwordResetRequest(address: account.login, language: language),
                                                    now: environment.now())
        try await environment.serviceDesk.desk.record(event(.passwordResetMail, by: actor, accountID: account.id), link: nil,
                                                      mails: [request])
        await environment.mail.afterQueueing()
    }

    /// Deletes the account (admins only), as the operator's deletion does: organisations it
    /// leaves without members go too.
    public func delete(_ reference: String, by actor: ServiceDeskActor) async throws -> [EndedSession] {
        try actor.requireAdmin()
        let account = try await account(reference)
        let memberships = try await environment.organisations.memberships(accountID: account.id)
        let ended = try await environment.serviceDesk.desk.delete(accountID: account.id,
                                                                  event: event(.deleteAccount, by: actor, accountID: account.id))
        try await AccountAdministration(environment: environment).deleteEmptied(memberships.map(\.organisation))
        return ended
    }

    /// The audit trail, newest first; only the account's events when `reference` is given.
    public func auditTrail(of reference: String? = nil, limit: Int = auditPageSize, offset: Int = 0) async throws -> [AuditTrailEntry] {
        var accountID: String?
        if let reference {
            // A deleted account is named by its id, which no longer resolves.
            accountID = (try? await account(reference))?.id ?? reference
        }
        return try await environment.serviceDesk.desk.events(accountID: accountID, actions: nil, limit: limit, offset: offset)
    }

    /// Records that `actor` looked the account up (personal data was read, if only in clear).
    func recordLookUp(of accountID: String, by actor: ServiceDeskActor) async throws {
        try await environment.serviceDesk.desk.record(event(.lookUp, by: actor, accountID: accountID))
    }

    static func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
