public import Foundation
import SQLKit

/// ``PendingAuthorizationStore`` on SQL; `finish` is one `DELETE … RETURNING`, so of two
/// nodes racing for one request exactly one gets it.
public struct SQLPendingAuthorizationStore: PendingAuthorizationStore {
    static let table = "pending_authorizations"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func create(_ record: PendingAuthorizationRecord) async throws {
        try await store.transaction { database in
            try await database.insert(into: Self.table)
                .columns("handle_digest", "kind", "request", "created_at", "expires_at")
                .values(SQLBind(record.handleDigest.bytes), SQLBind(record.kind.rawValue), SQLBind(record.request),
                        SQLBind(record.createdAt.unixSeconds), SQLBind(record.expiresAt.unixSeconds))
                .run()
        }
    }

    public func find(handleDigest: SecretDigest, kind: PendingAuthorizationRecord.Kind, now: Date) async throws -> PendingAuthorizationRecord? {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table)
                .where("handle_digest", .equal, handleDigest.bytes)
                .where("kind", .equal, kind.rawValue)
                .where("expires_at", .greaterThan, now.unixSeconds)
                .first()
        }.map(PendingAuthorizationRecord.init(row:))
    }

    public func finish(handleDigest: SecretDigest, kind: PendingAuthorizationRecord.Kind, now: Date) async throws -> PendingAuthorizationRecord? {
        try await store.transaction { database in
            try await database.delete(from: Self.table)
                .where("handle_digest", .equal, handleDigest.bytes)
                .where("kind", .equal, kind.rawValue)
                .where("expires_at", .greaterThan, now.unixSeconds)
                .returning("*")
                .first()
        }.map(PendingAuthorizationRecord.init(row:))
    }

    public func purgeExpired(now: Date) async throws -> Int {
        try await store.deleteInBatches(
            from: Self.table, key: ["handle_digest"], where: expired("expires_at", atOrBefore: now.unixSeconds), returning: ["created_at"]
        ).count
    }
}

extension PendingAuthorizationRecord {
    init(row: any SQLRow) throws {
        self.init(
            handleDigest: try SecretDigest(try row.decode(column: "handle_digest", as: Data.self)),
            kind: Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .pending,
            request: try row.decode(column: "request", as: Data.self),
            createdAt: Date(unixSeconds: try row.decode(column: "created_at", as: Int64.self)),
            expiresAt: Date(unixSeconds: try row.decode(column: "expires_at", as: Int64.self))
        )
    }
}
