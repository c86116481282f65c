public import Foundation
import PostgresKit
import SQLKit
import SQLiteKit

/// ``InstallationStore`` on one row of `pforte_installation`.
public struct SQLInstallationStore: InstallationStore {
    static let table = "pforte_installation"
    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func find() async throws -> InstallationRecord? {
        do {
            return try await store.withConnection { try await Self.read($0) }
        } catch let error where Self.isMissingTable(error) {
            return nil
        }
    }

    public func claim(_ record: InstallationRecord) async throws -> InstallationRecord {
        try await store.transaction { database in
            try await database.insert(into: Self.table)
                .columns("singleton", "fingerprint", "key_ids", "recorded_at")
                .values(SQLBind(1), SQLBind(record.fingerprint), SQLBind(record.keyIDs.joined(separator: " ")),
                        SQLBind(record.recordedAt.unixSeconds))
                .ignoringConflicts(with: ["singleton"])
                .run()
            guard let stored = try await Self.read(database) else {
                throw StoreError(.unavailable, "the installation record vanished while it was written")
            }
            return stored
        }
    }

    public func updateKeyIDs(_ keyIDs: [String], fingerprint: String, at: Date) async throws {
        try await store.transaction { database in
            try await database.update(Self.table)
                .set("key_ids", to: SQLBind(keyIDs.sorted().joined(separator: " ")))
                .set("recorded_at", to: SQLBind(at.unixSeconds))
                .where("singleton", .equal, SQLBind(1))
                .where("fingerprint", .equal, SQLBind(fingerprint))
                .run()
        }
    }

    private static func read(_ database: any SQLDatabase) async throws -> InstallationRecord? {
        guard let row = try await database.select().columns("fingerprint", "key_ids", "recorded_at").from(table)
            .where("singleton", .equal, SQLBind(1)).first()
        else { return nil }
        return InstallationRecord(
            fingerprint: try row.decode(column: "fingerprint", as: String.self),
            keyIDs: try row.decode(column: "key_ids", as: String.self).split(separator: " ").map(String.init),
            recordedAt: Date(unixSeconds: try row.decode(column: "recorded_at", as: Int64.self))
        )
    }

    /// A store that was never migrated has no table yet (PostgreSQL 42P01 undefined_table).
    private static func isMissingTable(_ error: any Error) -> Bool {
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "42P01" }
        if let error = error as? SQLiteError { return error.message.hasPrefix("no such table") }
        return false
    }
}

extension Migration {
    static let installation = Migration(version: 12, name: "installation") { database, _ in
        try await database.create(table: SQLInstallationStore.table)
            .column("singleton", type: .bigint, .primaryKey(autoIncrement: false))
            .column("fingerprint", type: .text, .notNull)
            .column("key_ids", type: .text, .notNull)
            .column("recorded_at", type: .bigint, .notNull)
            .run()
    }
}
