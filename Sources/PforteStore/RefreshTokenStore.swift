public import Foundation

/// The outcome of presenting a refresh token (RFC 9700 §4.14.2: rotation with reuse detection).
public enum RefreshTokenUse: Sendable, Equatable {
    /// The first use of a live token: it is spent and its successors are stored.
    case rotated(RefreshTokenRecord)
    /// A spent token presented again within the reuse grace: its successors are stored as for a
    /// first use, and the tokens issued for the earlier use stay valid.
    case reused(RefreshTokenRecord)
    /// The token was spent before, outside any grace: someone holds a copy. The family — every
    /// refresh and access token of the grant — is revoked in the same transaction.
    case replayed(RefreshTokenRecord)
    /// The family was revoked or the session it rests on has ended: nothing is issued.
    case ended
    /// Unknown, revoked or expired.
    case unknown
}

/// Refresh tokens and the revocation of token families. Deleting the account deletes them.
public protocol RefreshTokenStore: Sendable {
    /// Throws ``AccountStoreError/Code/accountNotFound`` when there is no such account.
    func issue(_ record: RefreshTokenRecord) async throws

    /// The token, spent or not, until it is purged: what the token endpoint checks the request
    /// against and builds the successors from before using it.
    func record(digest: SecretDigest) async throws -> RefreshTokenRecord?

    /// Spends the token and stores `successors` (of the token's family) in one transaction, or
    /// neither: of racing refreshes on any nodes exactly one gets
    /// ``RefreshTokenUse/rotated(_:)``; the others get ``RefreshTokenUse/reused(_:)`` when
    /// `reuseGrace` is given and the token was spent at most that long ago, else
    /// ``RefreshTokenUse/replayed(_:)``. Throws ``AccountStoreError/Code/accountNotFound`` when
    /// the account is gone.
    func use(digest: SecretDigest, now: Date, reuseGrace: TimeInterval?, issuing successors: TokenIssue) async throws -> RefreshTokenUse

    /// The live, unspent token, left in place (introspection).
    func find(digest: SecretDigest, now: Date) async throws -> RefreshTokenRecord?

    /// Revokes the token with its family: every refresh and access token of the grant (RFC 7009
    /// §2.1 allows it, and a client that revokes its refresh token is done with the grant).
    /// Returns the token's record when it existed.
    @discardableResult
    func revoke(digest: SecretDigest, now: Date) async throws -> RefreshTokenRecord?

    /// Revokes every refresh and access token of the family, in one transaction; tokens being
    /// issued in the family at the same time are revoked too, or never written.
    func revokeFamily(grantID: String, now: Date) async throws

    /// Revokes every family the account holds for the client, with all their refresh and access
    /// tokens (a withdrawn consent); tokens being issued in them at the same time are revoked
    /// too, or never written.
    func revokeAll(accountID: String, clientID: String, now: Date) async throws

    /// Deletes expired tokens, spent or not, and the families nothing can be issued in any
    /// more; returns how many tokens.
    func purgeExpired(now: Date) async throws -> Int
}
