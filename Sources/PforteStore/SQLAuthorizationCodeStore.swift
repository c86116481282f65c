public import Foundation
import SQLKit

/// ``AuthorizationCodeStore`` on SQL. A redeemed code keeps its row (with `redeemed_at`) until
/// it expires, so that a second use is told apart from an unknown code and recorded
/// (`replayed_at`). Redeeming is one conditional `UPDATE … RETURNING`: of two racing token
/// requests the database lets exactly one through.
public struct SQLAuthorizationCodeStore: AuthorizationCodeStore {
    static let table = "authorization_codes"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func issue(_ record: AuthorizationCodeRecord) async throws {
        do {
            try await store.transaction { database in
                try await database.insert(into: Self.table)
                    .columns("digest", "client_id", "account_id", "grant_data", "sealed_claims", "created_at", "expires_at")
                    .values(SQLBind(record.digest.bytes), SQLBind(record.clientID), SQLBind(record.accountID),
                            SQLBind(record.grant), SQLBind(record.sealedClaims),
                            SQLBind(record.createdAt.unixSeconds), SQLBind(record.expiresAt.unixSeconds))
                    .run()
            }
        } catch where ConstraintViolation.isForeignKey(error) {
            throw AccountStoreError(.accountNotFound, "no account \(record.accountID) to issue a code for")
        }
    }

    public func redeem(digest: SecretDigest, now: Date) async throws -> CodeRedemption {
        try await store.transaction { database in
            if let row = try await database.update(Self.table)
                .set("redeemed_at", to: now.unixSeconds)
                .where("digest", .equal, digest.bytes)
                .where("redeemed_at", .is, SQLLiteral.null)
                .where("expires_at", .greaterThan, now.unixSeconds)
                .returning("*")
                .first() {
                return .redeemed(try AuthorizationCodeRecord(row: row))
            }
            if let row = try await database.update(Self.table)
                .set("replayed_at", to: now.unixSeconds)
                .where("digest", .equal, digest.bytes)
                .where("redeemed_at", .isNot, SQLLiteral.null)
                .returning("*")
                .first() {
                return .replayed(try AuthorizationCodeRecord(row: row))
            }
            return .unknown
        }
    }

    public func purgeExpired(now: Date) async throws -> Int {
        try await store.transaction { database in
            try await database.delete(from: Self.table)
                .where("expires_at", .lessThanOrEqual, now.unixSeconds)
                .returning("client_id").all()
        }.count
    }
}

extension AuthorizationCodeRecord {
    init(row: any SQLRow) throws {
        self.init(
            digest: try SecretDigest(try row.decode(column: "digest", as: Data.self)),
            clientID: try row.decode(column: "client_id", as: String.self),
            accountID: try row.decode(column: "account_id", as: String.self),
            grant: try row.decode(column: "grant_data", as: Data.self),
            sealedClaims: try row.decode(column: "sealed_claims", as: Data.self),
            createdAt: Date(unixSeconds: try row.decode(column: "created_at", as: Int64.self)),
            expiresAt: Date(unixSeconds: try row.decode(column: "expires_at", as: Int64.self))
        )
    }
}
