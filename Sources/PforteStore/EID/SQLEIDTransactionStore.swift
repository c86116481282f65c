public import Foundation
import SQLKit

/// ``EIDTransactionStore`` on SQL; `take` is one `DELETE … RETURNING`, so a handle is spent
/// once across all nodes.
public struct SQLEIDTransactionStore: EIDTransactionStore {
    static let table = "eid_transactions"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func create(_ record: EIDTransactionRecord) async throws {
        try await store.transaction { database in
            try await database.insert(into: Self.table)
                .columns("handle_digest", "stage", "payload", "expires_at")
                .values(SQLBind(record.handleDigest.bytes), SQLBind(record.stage.rawValue), SQLBind(record.payload),
                        SQLBind(record.expiresAt.unixSeconds))
                .run()
        }
    }

    public func find(handleDigest: SecretDigest, stage: EIDTransactionRecord.Stage, now: Date) async throws -> EIDTransactionRecord? {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table)
                .where("handle_digest", .equal, handleDigest.bytes)
                .where("stage", .equal, stage.rawValue)
                .where("expires_at", .greaterThan, now.unixSeconds)
                .first()
        }.map(EIDTransactionRecord.init(row:))
    }

    public func take(handleDigest: SecretDigest, stage: EIDTransactionRecord.Stage, now: Date) async throws -> EIDTransactionRecord? {
        try await store.transaction { database in
            try await database.delete(from: Self.table)
                .where("handle_digest", .equal, handleDigest.bytes)
                .where("stage", .equal, stage.rawValue)
                .where("expires_at", .greaterThan, now.unixSeconds)
                .returning("*")
                .first()
        }.map(EIDTransactionRecord.init(row:))
    }

    public func purgeExpired(now: Date) async throws -> Int {
        try await store.deleteInBatches(
            from: Self.table, key: ["handle_digest"], where: expired("expires_at", atOrBefore: now.unixSeconds), returning: ["stage"]
        ).count
    }
}

extension EIDTransactionRecord {
    init(row: any SQLRow) throws {
        let stage = try row.decode(column: "stage", as: String.self)
        guard let stage = Stage(rawValue: stage) else {
            throw AccountStoreError(.unreadableValue, "unknown eID transaction stage \(stage)")
        }
        self.init(
            handleDigest: try SecretDigest(try row.decode(column: "handle_digest", as: Data.self)),
            stage: stage,
            payload: try row.decode(column: "payload", as: Data.self),
            expiresAt: Date(unixSeconds: try row.decode(column: "expires_at", as: Int64.self))
        )
    }
}
