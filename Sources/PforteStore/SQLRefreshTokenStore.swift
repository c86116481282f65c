public import Foundation
import SQLKit

/// ``RefreshTokenStore`` on SQL. A spent token keeps its row (with `rotated_at`) until it
/// expires, so that its reuse is told apart from an unknown token. Spending is one conditional
/// `UPDATE … RETURNING`: of two racing refreshes the database lets exactly one through.
public struct SQLRefreshTokenStore: RefreshTokenStore {
    static let table = "refresh_tokens"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func issue(_ record: GrantCredential) async throws {
        try await record.insert(into: Self.table, store: store, what: "a refresh token")
    }

    public func use(digest: SecretDigest, now: Date) async throws -> RefreshTokenUse {
        try await store.transaction { database in
            if let row = try await database.update(Self.table)
                .set("rotated_at", to: now.unixSeconds)
                .where("digest", .equal, digest.bytes)
                .where("rotated_at", .is, SQLLiteral.null)
                .where("expires_at", .greaterThan, now.unixSeconds)
                .returning("*")
                .first() {
                return .rotated(try GrantCredential(row: row))
            }
            if let row = try await database.select().column("*").from(Self.table)
                .where("digest", .equal, digest.bytes)
                .where("rotated_at", .isNot, SQLLiteral.null)
                .first() {
                return .replayed(try GrantCredential(row: row))
            }
            return .unknown
        }
    }

    public func find(digest: SecretDigest, now: Date) async throws -> RefreshTokenRecord? {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table)
                .where("digest", .equal, digest.bytes)
                .where("rotated_at", .is, SQLLiteral.null)
                .where("expires_at", .greaterThan, now.unixSeconds)
                .first()
        }.map(GrantCredential.init(row:))
    }

    public func revoke(digest: SecretDigest) async throws -> RefreshTokenRecord? {
        try await store.transaction { database in
            guard let row = try await database.delete(from: Self.table)
                .where("digest", .equal, digest.bytes)
                .returning("*")
                .first()
            else { return nil }
            let record = try GrantCredential(row: row)
            try await database.delete(from: SQLAccessTokenStore.table).where("grant_id", .equal, record.grantID).run()
            return record
        }
    }

    public func revokeFamily(grantID: String) async throws {
        try await store.transaction { database in
            try await database.delete(from: Self.table).where("grant_id", .equal, grantID).run()
            try await database.delete(from: SQLAccessTokenStore.table).where("grant_id", .equal, grantID).run()
        }
    }

    public func revokeAll(accountID: String, clientID: String) async throws {
        try await store.transaction { database in
            for table in [Self.table, SQLAccessTokenStore.table] {
                try await database.delete(from: table)
                    .where("account_id", .equal, accountID)
                    .where("client_id", .equal, clientID)
                    .run()
            }
        }
    }

    public func purgeExpired(now: Date) async throws -> Int {
        try await store.transaction { database in
            try await database.delete(from: Self.table)
                .where("expires_at", .lessThanOrEqual, now.unixSeconds)
                .returning("grant_id").all()
        }.count
    }
}
