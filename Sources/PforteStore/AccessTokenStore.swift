public import Foundation

/// An issued access token, as the UserInfo endpoint needs it: the token is a signed JWT and
/// carries no personal data, so the claim values it grants are kept here, sealed under a key
/// derived from the token itself (only its bearer can have them opened). The record also gives
/// revocation (RFC 7009) a row to remove.
public struct AccessTokenRecord: Sendable, Equatable {
    /// The token's `jti`.
    public var tokenID: String
    public var clientID: String
    public var accountID: String
    public var sealedClaims: Data
    public var expiresAt: Date

    public init(tokenID: String, clientID: String, accountID: String, sealedClaims: Data, expiresAt: Date) {
        self.tokenID = tokenID
        self.clientID = clientID
        self.accountID = accountID
        self.sealedClaims = sealedClaims
        self.expiresAt = Date(unixSeconds: expiresAt.unixSeconds)
    }
}

/// Issued access tokens until they expire. Deleting the account deletes them.
public protocol AccessTokenStore: Sendable {
    /// Throws ``AccountStoreError/Code/accountNotFound`` when there is no such account.
    func save(_ record: AccessTokenRecord) async throws

    /// The live token; `nil` when unknown or expired.
    func find(tokenID: String, now: Date) async throws -> AccessTokenRecord?

    /// Deletes expired tokens; returns how many.
    func purgeExpired(now: Date) async throws -> Int
}
