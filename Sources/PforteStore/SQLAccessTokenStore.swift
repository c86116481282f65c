public import Foundation
import SQLKit

/// ``AccessTokenStore`` on SQL.
public struct SQLAccessTokenStore: AccessTokenStore {
    static let table = "access_tokens"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func save(_ record: AccessTokenRecord) async throws {
        do {
            try await store.transaction { database in try await Self.insert(record, on: database) }
        } catch where ConstraintViolation.isForeignKey(error) {
            throw AccountStoreError(.accountNotFound, "no account \(record.accountID ?? "") to issue an access token for")
        }
    }

    static func insert(_ record: AccessTokenRecord, on database: any SQLDatabase) async throws {
        try await database.insert(into: table)
            .columns("token_id", "grant_id", "client_id", "account_id", "sealed_claims", "issued_at", "expires_at")
            .values(SQLBind(record.tokenID), SQLBind(record.grantID), SQLBind(record.clientID), SQLBind(record.accountID),
                    SQLBind(record.sealedClaims), SQLBind(record.issuedAt.unixSeconds), SQLBind(record.expiresAt.unixSeconds))
            .run()
    }

    public func find(tokenID: String, now: Date) async throws -> AccessTokenRecord? {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table)
                .where("token_id", .equal, tokenID)
                .where("expires_at", .greaterThan, now.unixSeconds)
                .first()
        }.map { row in
            AccessTokenRecord(
                tokenID: try row.decode(column: "token_id", as: String.self),
                grantID: try row.decode(column: "grant_id", as: String.self),
                clientID: try row.decode(column: "client_id", as: String.self),
                accountID: try row.decode(column: "account_id", as: String?.self),
                sealedClaims: try row.decode(column: "sealed_claims", as: Data?.self),
                issuedAt: Date(unixSeconds: try row.decode(column: "issued_at", as: Int64.self)),
                expiresAt: Date(unixSeconds: try row.decode(column: "expires_at", as: Int64.self))
            )
        }
    }

    public func revoke(tokenID: String) async throws -> Bool {
        try await store.transaction { database in
            try await database.delete(from: Self.table).where("token_id", .equal, tokenID).returning("token_id").all()
        }.isEmpty == false
    }

    public func purgeExpired(now: Date) async throws -> Int {
        try await store.deleteInBatches(
            from: Self.table, key: ["token_id"], where: expired("expires_at", atOrBefore: now.unixSeconds), returning: ["token_id"]
        ).count
    }
}
