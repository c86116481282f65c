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

    public func issue(_ record: GrantCredential) async throws {
        try await record.insert(into: Self.table, store: store, what: "a code")
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
                return .redeemed(try GrantCredential(row: row))
            }
            if let row = try await database.update(Self.table)
                .set("replayed_at", to: now.unixSeconds)
                .where("digest", .equal, digest.bytes)
                .where("redeemed_at", .isNot, SQLLiteral.null)
                .returning("*")
                .first() {
                return .replayed(try GrantCredential(row: row))
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
