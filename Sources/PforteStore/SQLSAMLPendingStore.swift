public import Foundation
import SQLKit

/// ``SAMLPendingStore`` on SQL.
public struct SQLSAMLPendingStore: SAMLPendingStore {
    static let table = "saml_pending"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func create(_ record: SAMLPendingRecord) async throws {
        try await store.transaction { database in
            try await database.insert(into: Self.table)
                .columns("handle_digest", "kind", "payload", "expires_at")
                .values(SQLBind(record.handleDigest.bytes), SQLBind(record.kind.rawValue),
                        SQLBind(String(decoding: record.payload, as: UTF8.self)), SQLBind(record.expiresAt.unixSeconds))
                .run()
        }
    }

    public func find(handleDigest: SecretDigest, kind: SAMLPendingRecord.Kind, now: Date) async throws -> SAMLPendingRecord? {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table)
                .where("handle_digest", .equal, SQLBind(handleDigest.bytes))
                .where("kind", .equal, kind.rawValue)
                .where("expires_at", .greaterThan, now.unixSeconds)
                .first()
        }.map(SAMLPendingRecord.init(row:))
    }

    public func update(handleDigest: SecretDigest, payload: Data, now: Date) async throws -> Bool {
        try await store.transaction { database in
            try await database.update(Self.table)
                .set("payload", to: SQLBind(String(decoding: payload, as: UTF8.self)))
                .where("handle_digest", .equal, SQLBind(handleDigest.bytes))
                .where("expires_at", .greaterThan, now.unixSeconds)
                .returning("kind")
                .all()
        }.isEmpty == false
    }

    public func finish(handleDigest: SecretDigest, kind: SAMLPendingRecord.Kind, now: Date) async throws -> SAMLPendingRecord? {
        try await store.transaction { database in
            try await database.delete(from: Self.table)
                .where("handle_digest", .equal, SQLBind(handleDigest.bytes))
                .where("kind", .equal, kind.rawValue)
                .where("expires_at", .greaterThan, now.unixSeconds)
                .returning("*")
                .first()
        }.map(SAMLPendingRecord.init(row:))
    }

    public func purgeExpired(now: Date) async throws -> Int {
        try await store.deleteInBatches(
            from: Self.table, key: ["handle_digest"], where: expired("expires_at", atOrBefore: now.unixSeconds), returning: ["kind"]
        ).count
    }
}

extension SAMLPendingRecord {
    init(row: any SQLRow) throws {
        guard let kind = Kind(rawValue: try row.decode(column: "kind", as: String.self)) else {
            throw StoreError(.valueTooLong, "unknown pending SAML record kind")
        }
        self.init(
            handleDigest: try SecretDigest(try row.decode(column: "handle_digest", as: Data.self)),
            kind: kind,
            payload: Data(try row.decode(column: "payload", as: String.self).utf8),
            expiresAt: Date(unixSeconds: try row.decode(column: "expires_at", as: Int64.self))
        )
    }
}
