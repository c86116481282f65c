public import Foundation
import SQLKit

/// ``OneTimeIdentifierStore`` on SQL: the primary key on (namespace, identifier) makes the
/// first insert win, atomically, across connections and nodes.
public struct SQLOneTimeIdentifierStore: OneTimeIdentifierStore {
    static let table = "one_time_identifiers"
    /// Longer values are hashed by callers before they get here; SAML IDs and JWT IDs are short.
    static let maximumLength = 512

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func consume(_ identifier: String, namespace: String, expiresAt: Date, now: Date) async throws -> Bool {
        guard identifier.utf8.count <= Self.maximumLength, namespace.utf8.count <= Self.maximumLength else {
            throw StoreError(.valueTooLong, "one-time identifier longer than \(Self.maximumLength) bytes")
        }
        return try await store.transaction { database in
            try await database.delete(from: Self.table)
                .where("namespace", .equal, namespace)
                .where("identifier", .equal, identifier)
                .where("expires_at", .lessThanOrEqual, Int64(now.timeIntervalSince1970))
                .run()
            let inserted = try await database.insert(into: Self.table)
                .columns("namespace", "identifier", "expires_at")
                .values(SQLBind(namespace), SQLBind(identifier), SQLBind(Int64(expiresAt.timeIntervalSince1970.rounded(.up))))
                .ignoringConflicts(with: ["namespace", "identifier"])
                .returning("identifier")
                .all()
            return !inserted.isEmpty
        }
    }

    public func purgeExpired(now: Date) async throws -> Int {
        try await store.deleteInBatches(
            from: Self.table, key: ["namespace", "identifier"], where: expired("expires_at", atOrBefore: Int64(now.timeIntervalSince1970)), returning: ["identifier"]
        ).count
    }
}

extension Migration {
    static let oneTimeIdentifiers = Migration(version: 1, name: "one-time identifiers") { database, _ in
        try await database.create(table: SQLOneTimeIdentifierStore.table)
            .column("namespace", type: .text, .notNull)
            .column("identifier", type: .text, .notNull)
            .column("expires_at", type: .bigint, .notNull)
            .primaryKey("namespace", "identifier")
            .run()
        try await database.create(index: "one_time_identifiers_expiry")
            .on(SQLOneTimeIdentifierStore.table)
            .column("expires_at")
            .run()
    }
}
