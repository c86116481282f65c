public import Foundation
import SQLKit

/// ``AuthorizationCodeStore`` on SQL. A redeemed code keeps its row (with `redeemed_at`) until
/// it expires, so that a second use is told apart from an unknown code and recorded
/// (`replayed_at`). Redeeming is one conditional `UPDATE … RETURNING` in the transaction that
/// also opens the grant's token family and writes its first tokens: of two racing token
/// requests the database lets exactly one through, and the other sees the code spent only
/// once the tokens exist.
public struct SQLAuthorizationCodeStore: AuthorizationCodeStore {
    static let table = "authorization_codes"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func issue(_ record: GrantCredential) async throws {
        try await record.insert(into: Self.table, store: store, what: "a code")
    }

    public func find(digest: SecretDigest) async throws -> AuthorizationCodeRecord? {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table).where("digest", .equal, digest.bytes).first()
        }.map(GrantCredential.init(row:))
    }

    public func redeem(digest: SecretDigest, now: Date, issuing tokens: TokenIssue) async throws -> CodeRedemption {
        do {
            return try await store.transaction { database in
                if let row = try await database.update(Self.table)
                    .set("redeemed_at", to: now.unixSeconds)
                    .where("digest", .equal, digest.bytes)
                    .where("redeemed_at", .is, SQLLiteral.null)
                    .where("expires_at", .greaterThan, now.unixSeconds)
                    .returning("*")
                    .first() {
                    let record = try GrantCredential(row: row)
                    guard try await SQLTokenFamily.open(grantID: record.grantID, sessionDigest: tokens.sessionLink?.sessionDigest,
                                                        now: now, on: database)
                    else { throw SQLTokenFamily.Ended() }
                    try await SQLTokenFamily.write(tokens, now: now, on: database)
                    return .redeemed(record)
                }
                if let row = try await database.update(Self.table)
                    .set("replayed_at", to: now.unixSeconds)
                    .where("digest", .equal, digest.bytes)
                    .where("redeemed_at", .isNot, SQLLiteral.null)
                    .returning("*")
                    .first() {
                    let record = try GrantCredential(row: row)
                    try await SQLTokenFamily.revoke(grantID: record.grantID, now: now, on: database)
                    return .replayed(record)
                }
                return .unknown
            }
        } catch is SQLTokenFamily.Ended {
            return .ended
        } catch where ConstraintViolation.isForeignKey(error) {
            throw AccountStoreError(.accountNotFound, "no account to issue tokens for")
        }
    }

    public func purgeExpired(now: Date) async throws -> Int {
        try await store.deleteInBatches(
            from: Self.table, key: ["digest"], where: expired("expires_at", atOrBefore: now.unixSeconds), returning: ["client_id"]
        ).count
    }
}
