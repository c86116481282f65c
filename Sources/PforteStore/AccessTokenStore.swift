public import Foundation

/// An issued access token. The token itself is a signed JWT (RFC 9068) that carries no personal
/// data; its row makes it revocable (RFC 7009) and introspectable (RFC 7662) — a token without
/// a row is not active — and keeps the claim values it grants for UserInfo, sealed under a key
/// derived from the token itself (only its bearer can have them opened).
public struct AccessTokenRecord: Sendable, Equatable {
    /// The token's `jti`.
    public var tokenID: String
    /// The family the token belongs to: every token issued from one authorization code and its
    /// refresh tokens shares it, so a replay revokes them together.
    public var grantID: String
    public var clientID: String
    /// `nil` for a `client_credentials` token, which acts for the client itself.
    public var accountID: String?
    /// `nil` when the token grants no user claims.
    public var sealedClaims: Data?
    public var issuedAt: Date
    public var expiresAt: Date

    public init(tokenID: String, grantID: String, clientID: String, accountID: String?, sealedClaims: Data?,
                issuedAt: Date, expiresAt: Date) {
        self.tokenID = tokenID
        self.grantID = grantID
        self.clientID = clientID
        self.accountID = accountID
        self.sealedClaims = sealedClaims
        self.issuedAt = Date(unixSeconds: issuedAt.unixSeconds)
        self.expiresAt = Date(unixSeconds: expiresAt.unixSeconds)
    }
}

/// Issued access tokens until they expire or are revoked. Deleting the account deletes them.
public protocol AccessTokenStore: Sendable {
    /// Throws ``AccountStoreError/Code/accountNotFound`` when there is no such account.
    func save(_ record: AccessTokenRecord) async throws

    /// The live token; `nil` when unknown, revoked or expired.
    func find(tokenID: String, now: Date) async throws -> AccessTokenRecord?

    /// Revokes one token; returns whether it existed.
    @discardableResult
    func revoke(tokenID: String) async throws -> Bool

    /// Deletes expired tokens; returns how many.
    func purgeExpired(now: Date) async throws -> Int
}
