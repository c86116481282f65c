public import Foundation

/// An authorization code as the store keeps it: the digest of the code, never the code.
public struct AuthorizationCodeRecord: Sendable, Equatable {
    public var digest: SecretDigest
    public var clientID: String
    public var accountID: String
    /// What the code is bound to (redirect URI, PKCE challenge, nonce, session, scope, …) as
    /// PforteOIDC encodes it; no personal data.
    public var grant: Data
    /// The claim values the code releases, sealed under a key derived from the code itself:
    /// the token endpoint runs without the user's session, and only the code's holder (with
    /// Pforte) can open them.
    public var sealedClaims: Data
    public var createdAt: Date
    public var expiresAt: Date

    public init(digest: SecretDigest, clientID: String, accountID: String, grant: Data, sealedClaims: Data,
                createdAt: Date, expiresAt: Date) {
        self.digest = digest
        self.clientID = clientID
        self.accountID = accountID
        self.grant = grant
        self.sealedClaims = sealedClaims
        self.createdAt = Date(unixSeconds: createdAt.unixSeconds)
        self.expiresAt = Date(unixSeconds: expiresAt.unixSeconds)
    }
}

/// The outcome of presenting a code at the token endpoint.
public enum CodeRedemption: Sendable, Equatable {
    /// The first use of a live code.
    case redeemed(AuthorizationCodeRecord)
    /// The code was redeemed before: RFC 6749 §4.1.2 says to refuse it and, later, revoke what
    /// it issued. The replay is recorded on the code's row.
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
