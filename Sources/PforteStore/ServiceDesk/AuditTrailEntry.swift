public import Foundation

/// What a member of the service desk (or the operator at the command line) did (issue #22).
public enum AuditAction: String, Sendable, CaseIterable {
    case staffLogin = "staff_login"
    case staffLoginFailed = "staff_login_failed"
    case staffEnrolled = "staff_enrolled"
    case staffAdded = "staff_added"
    case staffRemoved = "staff_removed"
    case lookUp = "look_up"
    case lock
    case unlock
    case resendActivation = "resend_activation"
    case passwordResetMail = "password_reset_mail"
    case endSessions = "end_sessions"
    case deleteAccount = "delete_account"
}

/// One row of the append-only audit trail: who did what, when, to which account and why.
///
/// The account id is kept as a plain value, not a reference: the trail outlives a deleted
/// account. No personal data of the citizen is written here, only the id.
public struct AuditTrailEntry: Sendable, Equatable {
    /// Random, unique; orders events of the same millisecond.
    public var id: String
    public var occurredAt: Date
    /// `staff:<address>` for a member of the service desk, `cli:<user>` for the operator.
    public var actor: String
    public var action: AuditAction
    public var accountID: String?
    public var reason: String?

    public init(id: String, occurredAt: Date, actor: String, action: AuditAction, accountID: String? = nil, reason: String? = nil) {
        self.id = id
        self.occurredAt = occurredAt
        self.actor = actor
        self.action = action
        self.accountID = accountID
        self.reason = reason
    }
}

/// An administrative lock (issue #22): unlike the ceiling of failed attempts, only the service
/// desk lifts it — neither the unlock link, nor a password reset, nor an eID login does.
public struct AccountLock: Sendable, Equatable {
    public var accountID: String
    public var lockedAt: Date
    public var lockedBy: String
    public var reason: String

    public init(accountID: String, lockedAt: Date, lockedBy: String, reason: String) {
        self.accountID = accountID
        self.lockedAt = lockedAt
        self.lockedBy = lockedBy
        self.reason = reason
    }
}

/// A mail link to issue with a service-desk action (a fresh activation link), in its
/// transaction.
public struct LinkIssue: Sendable, Equatable {
    public var digest: SecretDigest
    public var purpose: MailTokenPurpose
    public var expiresAt: Date

    public init(digest: SecretDigest, purpose: MailTokenPurpose, expiresAt: Date) {
        self.digest = digest
        self.purpose = purpose
        self.expiresAt = expiresAt
    }
}
