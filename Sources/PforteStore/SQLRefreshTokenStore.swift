public import Foundation
import SQLKit

/// ``RefreshTokenStore`` on SQL. A spent token keeps its row (with `rotated_at`) until it
/// expires, so that its reuse is told apart from an unknown token. Using a token locks its
/// family (``SQLTokenFamily``), spends the token by one conditional `UPDATE … RETURNING` and
/// writes its successors, all in one transaction: of two racing refreshes the database lets
/// exactly one through, and the other sees the token spent only once the successors exist.
public struct SQLRefreshTokenStore: RefreshTokenStore {
    static let table = "refresh_tokens"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func issue(_ record: GrantCredential) async throws {
        try await record.insert(into: Self.table, store: store, what: "a refresh token")
    }

    public func record(digest: SecretDigest) async throws -> RefreshTokenRecord? {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table).where("digest", .equal, digest.bytes).first()
        }.map(GrantCredential.init(row:))
    }

    public func use(digest: SecretDigest, now: Date, reuseGrace: TimeInterval?,
                    issuing successors: TokenIssue) async throws -> RefreshTokenUse {
        let grantID = successors.refreshToken.grantID
        do {
            return try await store.transaction { database in
                guard try await SQLTokenFamily.lockForIssuing(grantID: grantID, now: now, on: database) else { return .ended }
                if let row = try await database.update(Self.table)
                    .set("rotated_at", to: now.unixSeconds)
                    .where("digest", .equal, digest.bytes)
                    .where("grant_id", .equal, grantID)
                    .where("rotated_at", .is, SQLLiteral.null)
                    .where("expires_at", .greaterThan, now.unixSeconds)
                    .returning("*")
                    .first() {
                    try await SQLTokenFamily.write(successors, now: now, on: database)
                    return .rotated(try GrantCredential(row: row))
                }
                guard let row = try await database.select().column("*").from(Self.table)
                    .where("digest", .equal, digest.bytes)
                    .where("grant_id", .equal, grantID)
                    .first(),
                    let rotatedAt = try row.decode(column: "rotated_at", as: Int64?.self)
                else { return .unknown }
                let record = try GrantCredential(row: row)
                if let reuseGrace, record.expiresAt > now, rotatedAt >= now.unixSeconds - Int64(reuseGrace) {
                    try await SQLTokenFamily.write(successors, now: now, on: database)
                    return .reused(record)
                }
                try await SQLTokenFamily.revoke(grantID: grantID, now: now, on: database)
                return .replayed(record)
            }
        } catch is SQLTokenFamily.Ended {
            return .ended
        } catch where ConstraintViolation.isForeignKey(error) {
            throw AccountStoreError(.accountNotFound, "no account to issue tokens for")
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

    public func revoke(digest: SecretDigest, now: Date) async throws -> RefreshTokenRecord? {
        guard let record = try await record(digest: digest) else { return nil }
        try await revokeFamily(grantID: record.grantID, now: now)
        return record
    }

    public func revokeFamily(grantID: String, now: Date) async throws {
        try await store.transaction { database in
            try await SQLTokenFamily.revoke(grantID: grantID, now: now, on: database)
        }
    }

    public func revokeAll(accountID: String, clientID: String, now: Date) async throws {
        try await store.transaction { database in
            try await SQLTokenFamily.revoke(accountID: accountID, clientID: clientID, now: now, on: database)
        }
    }

    public func purgeExpired(now: Date) async throws -> Int {
        let tokens = try await store.deleteInBatches(
            from: Self.table, key: ["digest"], where: expired("expires_at", atOrBefore: now.unixSeconds), returning: ["grant_id"]
        )
        _ = try await SQLTokenFamily.purgeFinished(in: store)
        return tokens.count
    }
}
