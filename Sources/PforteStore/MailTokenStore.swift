public import Foundation

/// What a link sent by mail lets its holder do. Each purpose has its own tokens, so that a
/// token issued for one cannot be spent on another.
public enum MailTokenPurpose: String, Sendable, CaseIterable {
    /// Confirms a registration (design §4: valid 24 h).
    case activation
    /// One half of a password reset; the other is the secret answer.
    case passwordReset = "password_reset"
    /// Confirms a new e-mail address before it becomes the login name.
    case emailChange = "email_change"
    /// Lifts the ceiling of consecutive failed password or answer attempts (issue #18).
    case unlock
}

/// A token sent by mail, as stored: the digest of the random token, never the token.
public struct MailTokenRecord: Sendable, Equatable {
    public var digest: SecretDigest
    public var purpose: MailTokenPurpose
    public var accountID: String
    /// What the link needs besides the account, sealed by the caller: for an e-mail change,
    /// the new address — personal data not yet the login name. The link is followed without a
    /// session (possibly in another browser), so the account's data key is not at hand: a key
    /// derived from the token itself is the natural choice — only the mail's holder can open it.
    public var sealedPayload: Data?
    public var createdAt: Date
    public var expiresAt: Date

    public init(digest: SecretDigest, purpose: MailTokenPurpose, accountID: String, sealedPayload: Data?,
                createdAt: Date, expiresAt: Date) {
        self.digest = digest
        self.purpose = purpose
        self.accountID = accountID
        self.sealedPayload = sealedPayload
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// Tokens of activation, password-reset and e-mail-change links. Each is spent once: the
/// first ``consume(digest:purpose:now:)`` gets it, on whichever node, every later one gets
/// `nil`. Deleting the account deletes its tokens.
public protocol MailTokenStore: Sendable {
    /// Stores a token for the account and queues `mails` (the message carrying its link, and
    /// any notice that goes with it) in the same transaction: a link is never stored without
    /// its mail, nor mailed without being stored. With `replacingOutstanding`, the account's
    /// other tokens of this purpose are withdrawn in that transaction too (older reset links).
    /// Throws ``AccountStoreError/Code/accountNotFound`` when there is no such account.
    @discardableResult
    func issue(digest: SecretDigest, purpose: MailTokenPurpose, accountID: String, sealedPayload: Data?,
               expiresAt: Date, now: Date, replacingOutstanding: Bool, mails: [OutgoingMail]) async throws -> MailTokenRecord

    /// The token, without spending it: for the page a link opens. Mail scanners and link
    /// previews fetch links too, so only the user's explicit submit may consume.
    func find(digest: SecretDigest, purpose: MailTokenPurpose, now: Date) async throws -> MailTokenRecord?

    /// Spends the token: returns it once while it is unexpired, `nil` afterwards, when unknown,
    /// expired, or issued for another purpose.
    func consume(digest: SecretDigest, purpose: MailTokenPurpose, now: Date) async throws -> MailTokenRecord?

    /// Withdraws the account's outstanding tokens of one purpose, or of every purpose when
    /// `purpose` is `nil` — e.g. older reset links when a new one is sent. Returns how many.
    @discardableResult
    func revokeAll(accountID: String, purpose: MailTokenPurpose?) async throws -> Int

    /// Deletes expired tokens; returns how many.
    func purgeExpired(now: Date) async throws -> Int
}

extension MailTokenStore {
    /// Stores a token with no mail queued, keeping the account's other tokens.
    @discardableResult
    public func issue(digest: SecretDigest, purpose: MailTokenPurpose, accountID: String, sealedPayload: Data?,
                      expiresAt: Date, now: Date) async throws -> MailTokenRecord {
        try await issue(digest: digest, purpose: purpose, accountID: accountID, sealedPayload: sealedPayload,
                        expiresAt: expiresAt, now: now, replacingOutstanding: false, mails: [])
    }
}
