public import Foundation

/// The outcome of presenting a code at the token endpoint.
public enum CodeRedemption: Sendable, Equatable {
    /// The first use of a live code.
    case redeemed(AuthorizationCodeRecord)
    /// The code was redeemed before: RFC 6749 §4.1.2 says to refuse it and revoke what it
    /// issued (``RefreshTokenStore/revokeFamily(grantID:)``). The replay is recorded on the row.
    case replayed(AuthorizationCodeRecord)
    /// Unknown or expired.
    case unknown
}

/// Authorization codes, redeemable once on whichever node. Deleting the account deletes them.
public protocol AuthorizationCodeStore: Sendable {
    /// Throws ``AccountStoreError/Code/accountNotFound`` when there is no such account.
    func issue(_ record: AuthorizationCodeRecord) async throws

    func redeem(digest: SecretDigest, now: Date) async throws -> CodeRedemption

    /// Deletes expired codes, redeemed or not; returns how many.
    func purgeExpired(now: Date) async throws -> Int
}
