public import Foundation

/// The outcome of presenting a refresh token (RFC 9700 §4.14.2: rotation with reuse detection).
public enum RefreshTokenUse: Sendable, Equatable {
    /// The first use of a live token; it is spent now, the caller issues its successor.
    case rotated(RefreshTokenRecord)
    /// The token was spent before: someone holds a copy. The caller revokes the family.
    case replayed(RefreshTokenRecord)
    /// Unknown, revoked or expired.
    case unknown
}

/// Refresh tokens and the revocation of token families. Deleting the account deletes them.
public protocol RefreshTokenStore: Sendable {
    /// Throws ``AccountStoreError/Code/accountNotFound`` when there is no such account.
    func issue(_ record: RefreshTokenRecord) async throws

    /// Spends the token: of two racing requests exactly one gets ``RefreshTokenUse/rotated(_:)``.
    func use(digest: SecretDigest, now: Date) async throws -> RefreshTokenUse

    /// The live, unspent token, left in place (introspection).
    func find(digest: SecretDigest, now: Date) async throws -> RefreshTokenRecord?

    /// Revokes one token and the access tokens of its family (RFC 7009 §2.1 allows, and a
    /// revoked refresh token makes, the family's access tokens worthless). Returns the token's
    /// record when it existed.
    @discardableResult
    func revoke(digest: SecretDigest) async throws -> RefreshTokenRecord?

    /// Revokes every refresh and access token of the family, in one transaction.
    func revokeFamily(grantID: String) async throws

    /// Revokes every refresh and access token the account holds for the client (a withdrawn
    /// consent).
    func revokeAll(accountID: String, clientID: String) async throws

    /// Deletes expired tokens, spent or not; returns how many.
    func purgeExpired(now: Date) async throws -> Int
}
