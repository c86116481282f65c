public import Foundation
import SQLKit

/// A bearer credential that stands for a user's grant — an authorization code or a refresh
/// token — as the store keeps it: the digest of the credential, never the credential.
public struct GrantCredential: Sendable, Equatable {
    public var digest: SecretDigest
    /// The family of every token issued from one authorization code and its refresh tokens,
    /// fixed when the code is issued, so that a replay can revoke them together
    /// (``RefreshTokenStore/revokeFamily(grantID:)``).
    public var grantID: String
    public var clientID: String
    public var accountID: String
    /// What the credential is bound to (redirect URI, PKCE challenge, nonce, session, scope,
    /// authentication time and level) as PforteOIDC encodes it; no personal data.
    public var grant: Data
    /// The claim values it releases, sealed under a key derived from the credential itself: the
    /// token endpoint runs without the user's session, and only the credential's holder (with
    /// Pforte) can open them.
    public var sealedClaims: Data
    public var createdAt: Date
    public var expiresAt: Date

    public init(digest: SecretDigest, grantID: String, clientID: String, accountID: String, grant: Data, sealedClaims: Data,
                createdAt: Date, expiresAt: Date) {
        self.digest = digest
        self.grantID = grantID
        self.clientID = clientID
        self.accountID = accountID
        self.grant = grant
        self.sealedClaims = sealedClaims
        self.createdAt = Date(unixSeconds: createdAt.unixSeconds)
        self.expiresAt = Date(unixSeconds: expiresAt.unixSeconds)
    }
}

/// An authorization code as the store keeps it.
public typealias AuthorizationCodeRecord = GrantCredential
/// A refresh token as the store keeps it.
public typealias RefreshTokenRecord = GrantCredential

extension GrantCredential {
    /// Inserts the credential into `table` (the code and refresh-token tables share these
    /// columns). Throws ``AccountStoreError/Code/accountNotFound`` when there is no such account.
    func insert(into table: String, store: SQLStore, what: String) async throws {
        do {
            try await store.transaction { database in try await insert(into: table, on: database) }
        } catch where ConstraintViolation.isForeignKey(error) {
            throw AccountStoreError(.accountNotFound, "no account \(accountID) to issue \(what) for")
        }
    }

    func insert(into table: String, on database: any SQLDatabase) async throws {
        try await database.insert(into: table)
            .columns("digest", "grant_id", "client_id", "account_id", "grant_data", "sealed_claims", "created_at", "expires_at")
            .values(SQLBind(digest.bytes), SQLBind(grantID), SQLBind(clientID), SQLBind(accountID),
                    SQLBind(grant), SQLBind(sealedClaims), SQLBind(createdAt.unixSeconds), SQLBind(expiresAt.unixSeconds))
            .run()
    }

    init(row: any SQLRow) throws {
        self.init(
            digest: try SecretDigest(try row.decode(column: "digest", as: Data.self)),
            grantID: try row.decode(column: "grant_id", as: String.self),
            clientID: try row.decode(column: "client_id", as: String.self),
            accountID: try row.decode(column: "account_id", as: String.self),
            grant: try row.decode(column: "grant_data", as: Data.self),
            sealedClaims: try row.decode(column: "sealed_claims", as: Data.self),
            createdAt: Date(unixSeconds: try row.decode(column: "created_at", as: Int64.self)),
            expiresAt: Date(unixSeconds: try row.decode(column: "expires_at", as: Int64.self))
        )
    }
}
