import Foundation

/// The service desk's changes to citizens' accounts (issue #22), each written with its
/// ``AuditTrailEntry`` in one transaction: an action without its audit row, or an audit row for an
/// action that did not happen, cannot be left behind. The trail is append-only: nothing here
/// changes or removes an event.
///
/// Methods that act on an account throw ``AccountStoreError/Code/accountNotFound`` when there
/// is none with that id, and write nothing.
public protocol ServiceDeskStore: Sendable {
    /// Locks the account: every session ends, every token family of the account is revoked
    /// with its refresh and access tokens. Locking a locked account replaces the reason.
    /// - Returns: the ended sessions, whose relying parties the caller tells.
    func lock(accountID: String, reason: String, event: AuditTrailEntry) async throws -> [EndedSession]

    /// Lifts the administrative lock. Returns whether the account was locked.
    @discardableResult
    func unlock(accountID: String, event: AuditTrailEntry) async throws -> Bool

    /// The account's administrative lock, if any.
    func lock(of accountID: String) async throws -> AccountLock?

    /// Ends every session of the account and revokes its token families.
    func endSessions(accountID: String, event: AuditTrailEntry) async throws -> [EndedSession]

    /// Deletes the account as ``AccountStore/delete(id:)`` does. Returns its ended sessions.
    func delete(accountID: String, event: AuditTrailEntry) async throws -> [EndedSession]

    /// Records `event` with `mails` queued and, when given, the `link` issued to the event's
    /// account (replacing its outstanding links of that purpose): a resent activation mail,
    /// a reset mail request, a staff login.
    func record(_ event: AuditTrailEntry, link: LinkIssue?, mails: [OutgoingMail]) async throws

    /// Events, newest first; only those of `accountID` when given, only `actions` when given.
    func events(accountID: String?, actions: Set<AuditAction>?, limit: Int, offset: Int) async throws -> [AuditTrailEntry]
}

extension ServiceDeskStore {
    public func record(_ event: AuditTrailEntry) async throws {
        try await record(event, link: nil, mails: [])
    }
}
