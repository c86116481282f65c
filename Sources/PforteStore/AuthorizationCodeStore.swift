public import Foundation

/// The outcome of presenting a code at the token endpoint.
public enum CodeRedemption: Sendable, Equatable {
    /// The first use of a live code: it is spent and its tokens are stored.
    case redeemed(AuthorizationCodeRecord)
    /// The code was redeemed before. RFC 6749 §4.1.2 says to refuse it and revoke what it
    /// issued; that is done in the same transaction, and the replay is recorded on the row.
    case replayed(AuthorizationCodeRecord)
    /// The session the code was issued in has ended: nothing is issued, the code is not spent.
    case ended
    /// Unknown or expired.
    case unknown
}

/// Authorization codes, redeemable once on whichever node. Deleting the account deletes them.
public protocol AuthorizationCodeStore: Sendable {
    /// Throws ``AccountStoreError/Code/accountNotFound`` when there is no such account.
    func issue(_ record: AuthorizationCodeRecord) async throws

    /// The code, redeemed or not, until it is purged: what the token endpoint checks the
    /// request against and builds the tokens from before redeeming.
    func find(digest: SecretDigest) async throws -> AuthorizationCodeRecord?

    /// Spends the code and stores `tokens` in one transaction, or neither: of racing requests on
    /// any nodes exactly one gets ``CodeRedemption/redeemed(_:)``, and a replay that loses
    /// finds the winner's tokens and revokes them. Throws
    /// ``AccountStoreError/Code/accountNotFound`` when the account is gone.
    func redeem(digest: SecretDigest, now: Date, issuing tokens: TokenIssue) async throws -> CodeRedemption

    /// Deletes expired codes, redeemed or not; returns how many.
    func purgeExpired(now: Date) async throws -> Int
}
