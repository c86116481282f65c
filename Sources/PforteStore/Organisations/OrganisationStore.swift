public import Foundation

/// Organisations with their members, the membership audit and the per-service release
/// consents: one aggregate, since a change of members, its audit entry and the re-wrapping of
/// the organisation's key must be written together or not at all.
///
/// Methods on one organisation throw ``OrganisationStoreError/Code/organisationNotFound`` when
/// it does not exist.
public protocol OrganisationStore: Sendable {
    /// Stores a new organisation with its founding admin and the audit entry of that grant.
    func create(_ organisation: OrganisationRecord, founder: MembershipRecord, audit: AuditEntryRecord) async throws

    func find(id: String) async throws -> OrganisationRecord?

    /// The organisations `accountID` belongs to, with the membership, by name.
    func memberships(accountID: String) async throws -> [(organisation: OrganisationRecord, membership: MembershipRecord)]

    func membership(organisationID: String, accountID: String) async throws -> MembershipRecord?

    /// Every member with login, admins first, then by login.
    func members(organisationID: String) async throws -> [MembershipRecord]

    /// Grants access: adds the member, removes the invitation the member accepted and queues
    /// `mails`, in one transaction. Throws ``OrganisationStoreError/Code/alreadyMember``.
    func addMember(_ membership: MembershipRecord, acceptedInvitation: SecretDigest, audit: AuditEntryRecord,
                   mails: [OutgoingMail]) async throws

    /// Changes a member's role. Throws ``OrganisationStoreError/Code/lastAdmin`` when the last
    /// admin would be demoted.
    func setRole(organisationID: String, accountID: String, role: String, audit: AuditEntryRecord) async throws

    /// Removes a member and installs `rekey` for everyone else, so the removed member's copy of
    /// the old private key opens nothing stored any more. Throws
    /// ``OrganisationStoreError/Code/lastAdmin`` for the last admin and
    /// ``OrganisationStoreError/Code/membersChanged`` when `rekey` does not cover exactly the
    /// remaining members. `mails` are queued in the same transaction.
    func removeMember(organisationID: String, accountID: String, rekey: OrganisationRekey, audit: AuditEntryRecord,
                      mails: [OutgoingMail]) async throws

    /// Replaces name and profile, if the organisation's public key is still `sealedFor`;
    /// otherwise a rekey intervened and ``OrganisationStoreError/Code/membersChanged`` is thrown.
    func updateProfile(organisationID: String, name: String, sealedProfile: Data, sealedFor publicKey: Data) async throws
    func setGeneralRelease(organisationID: String, enabled: Bool) async throws

    /// Records a use: restarts the inactivity period and cancels a pending deletion notice.
    func recordUse(organisationID: String, at time: Date) async throws

    /// Deletes the organisation with members, invitations, audit and consents, and queues
    /// `mails` in the same transaction when it existed.
    @discardableResult
    func delete(id: String, mails: [OutgoingMail]) async throws -> Bool

    /// Organisations in which `accountID` is the only admin.
    func soleAdminOrganisations(accountID: String) async throws -> [OrganisationRecord]

    /// Records that `accountID`, acting for the organisation, consented to its profile going
    /// to `clientID` (seed 001 3 c bb); idempotent.
    func recordConsent(organisationID: String, clientID: String, accountID: String, at time: Date) async throws
    func hasConsent(organisationID: String, clientID: String, accountID: String) async throws -> Bool

    /// The audit entries up to `time`, oldest first.
    func auditEntries(organisationID: String, upTo time: Date) async throws -> [AuditEntryRecord]

    /// Deletes the audit entries up to `time`, marks the organisation reported up to then and
    /// queues the report's `mails`, in one transaction.
    func completeAuditReport(organisationID: String, upTo time: Date, mails: [OutgoingMail]) async throws

    /// Organisations whose last report is older than `cutoff`.
    func auditReportsDue(reportedBefore cutoff: Date) async throws -> [OrganisationRecord]

    /// Organisations unused since `cutoff`; with `noticeSent`, only those whose notice went out
    /// before `noticeBefore`, otherwise only those without a notice.
    func unused(since cutoff: Date, noticeSentBefore noticeBefore: Date?) async throws -> [OrganisationRecord]

    /// Records the inactivity notice and queues its `mails`, in one transaction.
    func markDeletionNotice(organisationID: String, at time: Date, mails: [OutgoingMail]) async throws

    /// After a recovery wiped the account's sealed data (design §4: "recovery wipes …
    /// organisation rights"): removes its key pair, its consents, its accepted invitations and
    /// every membership with an audit entry, except where it is the only admin: there the
    /// membership stays, so the organisation keeps an admin who can still delete it.
    ///
    /// `mails` are queued in the same transaction, those under an organisation's id only if
    /// the account leaves it.
    ///
    /// - Returns: the organisations the account left, and those it still administers alone.
    func dropRights(accountID: String, audit: AuditEntryRecord, mails: [String: [OutgoingMail]]) async throws
        -> (left: [OrganisationRecord], keptAsSoleAdmin: [OrganisationRecord])
}

/// Invitations to organisations (seed 001 3 b aa; 24 h links like activation, seed 003).
public protocol InvitationStore: Sendable {
    /// Stores the invitation and queues the mail with its link, in one transaction.
    func issue(_ invitation: InvitationRecord, mails: [OutgoingMail]) async throws

    /// How many invitations of the organisation are open (not accepted, not expired) at `now`.
    func openCount(organisationID: String, now: Date) async throws -> Int

    /// An open invitation: not accepted and not expired at `now`.
    func findOpen(digest: SecretDigest, now: Date) async throws -> InvitationRecord?

    /// Accepts an open invitation for `accountID`, once: of two concurrent accepts one wins.
    /// `mails` are queued in the same transaction, only when it was accepted.
    /// - Returns: the accepted invitation, or `nil` when it was not open.
    func accept(digest: SecretDigest, accountID: String, adult: Bool, now: Date, mails: [OutgoingMail]) async throws -> InvitationRecord?

    /// Accepted invitations waiting for an admin's confirmation, with the accepting login.
    func awaitingConfirmation(organisationID: String) async throws -> [InvitationRecord]

    /// The accepted invitation of `accountID` to the organisation, if one waits.
    func accepted(organisationID: String, accountID: String) async throws -> InvitationRecord?

    /// The organisations (id and name) whose invitation `accountID` accepted and whose admins
    /// have not confirmed it yet, by name: the member's list shows them as waiting.
    func awaitingConfirmation(acceptedBy accountID: String) async throws -> [(organisationID: String, name: String)]

    /// Removes an accepted invitation the admin declines.
    @discardableResult
    func decline(organisationID: String, accountID: String) async throws -> Bool

    /// Deletes open invitations past their expiry. Returns how many.
    func purgeExpired(now: Date) async throws -> Int
}

/// Every account's key pair for receiving organisation keys.
public protocol AccountSealingKeyStore: Sendable {
    func find(accountID: String) async throws -> AccountSealingKeyRecord?

    /// Stores the account's key pair unless it has one; returns the one stored (a concurrent
    /// first use by two sessions keeps the first).
    func createIfAbsent(_ record: AccountSealingKeyRecord) async throws -> AccountSealingKeyRecord

    /// Public keys of the given accounts, by account id.
    func publicKeys(accountIDs: [String]) async throws -> [String: Data]
}

/// The changes without mail, for callers (tests, the operator's tools) that cause none.
extension OrganisationStore {
    public func addMember(_ membership: MembershipRecord, acceptedInvitation: SecretDigest, audit: AuditEntryRecord) async throws {
        try await addMember(membership, acceptedInvitation: acceptedInvitation, audit: audit, mails: [])
    }

    public func removeMember(organisationID: String, accountID: String, rekey: OrganisationRekey, audit: AuditEntryRecord) async throws {
        try await removeMember(organisationID: organisationID, accountID: accountID, rekey: rekey, audit: audit, mails: [])
    }

    @discardableResult
    public func delete(id: String) async throws -> Bool {
        try await delete(id: id, mails: [])
    }

    public func completeAuditReport(organisationID: String, upTo time: Date) async throws {
        try await completeAuditReport(organisationID: organisationID, upTo: time, mails: [])
    }

    public func markDeletionNotice(organisationID: String, at time: Date) async throws {
        try await markDeletionNotice(organisationID: organisationID, at: time, mails: [])
    }

    public func dropRights(accountID: String, audit: AuditEntryRecord) async throws
        -> (left: [OrganisationRecord], keptAsSoleAdmin: [OrganisationRecord]) {
        try await dropRights(accountID: accountID, audit: audit, mails: [:])
    }
}

extension InvitationStore {
    public func issue(_ invitation: InvitationRecord) async throws {
        try await issue(invitation, mails: [])
    }

    public func accept(digest: SecretDigest, accountID: String, adult: Bool, now: Date) async throws -> InvitationRecord? {
        try await accept(digest: digest, accountID: accountID, adult: adult, now: now, mails: [])
    }
}
