public import Foundation

/// An account's acceptance of one version of a declaration (issue #19 item 1): when, and for a
/// registration of a person under 16 whether the guardians' agreement was confirmed (Art. 8
/// GDPR, seed 000 §2.1).
public struct TermsAcceptance: Sendable, Equatable {
    public let accountID: String
    /// `citizen` or `organisation` (PforteCore's `TermsKind`).
    public let kind: String
    public let version: String
    public let acceptedAt: Date
    public let guardianConsent: Bool

    public init(accountID: String, kind: String, version: String, acceptedAt: Date, guardianConsent: Bool = false) {
        self.accountID = accountID
        self.kind = kind
        self.version = version
        self.acceptedAt = acceptedAt
        self.guardianConsent = guardianConsent
    }
}

/// An active account still to be told of a coming version.
public struct TermsRecipient: Sendable, Equatable {
    public let accountID: String
    public let login: String

    public init(accountID: String, login: String) {
        self.accountID = accountID
        self.login = login
    }
}

/// Acceptances of terms versions and the announcements of coming ones, both deleted with the
/// account.
public protocol TermsStore: Sendable {
    /// Records the acceptance; accepting a version twice keeps the first record.
    func accept(_ acceptance: TermsAcceptance) async throws
    /// The account's acceptances of `kind`, oldest first.
    func acceptances(accountID: String, kind: String) async throws -> [TermsAcceptance]
    /// Active accounts not yet told of `version` of `kind`, at most `limit`, in a stable order.
    /// With `onlyAdmins` just the administrators of some organisation (the organisation consent).
    func unannounced(kind: String, version: String, onlyAdmins: Bool, limit: Int) async throws -> [TermsRecipient]
    /// Notes that the account was told of the version and queues its mail in one transaction;
    /// `false` (and nothing queued) when it had been told already.
    func markAnnounced(accountID: String, kind: String, version: String, at time: Date, mails: [OutgoingMail]) async throws -> Bool
}
