public import Foundation
public import Logging
import SQLKit

/// Brings a database to the schema this build of Pforte expects.
///
/// Several nodes may start at once against one PostgreSQL database: each migration takes a
/// transaction-scoped advisory lock and re-checks whether another node applied it meanwhile, so
/// every migration runs exactly once. On SQLite, `BEGIN IMMEDIATE` serialises the same way.
public struct Migrator: Sendable {
    public let store: SQLStore
    public let migrations: [Migration]
    private let logger: Logger

    static let table = "pforte_schema_migrations"
    static let migrationTimeout = Duration.seconds(600)
    /// An arbitrary constant naming Pforte's migration locks among other advisory locks.
    private static let advisoryLockClass = 0x7066_6F72

    public init(store: SQLStore, migrations: [Migration] = Migration.all, logger: Logger) {
        precondition(migrations.map(\.version) == migrations.map(\.version).sorted() && Set(migrations.map(\.version)).count == migrations.count,
                     "migrations must be ordered by unique version")
        self.store = store
        self.migrations = migrations
        self.logger = logger
    }

    /// Applies what is missing and returns the versions applied by this call.
    @discardableResult
    public func migrate(now: @Sendable () -> Date = Date.init) async throws -> [Int] {
        let known = migrations.last?.version ?? 0
        let current = try await currentVersion()
        if current > known {
            throw StoreError(.schemaTooNew(database: current, known: known),
                             "the database schema is at version \(current), newer than this Pforte knows (\(known)); upgrade Pforte")
        }
        var applied: [Int] = []
        for migration in migrations where migration.version > current {
            let didApply = try await store.transaction(timeout: Self.migrationTimeout) { database in
                try await lock(database)
                try await liftStatementTimeout(database)
                try await createTableIfNeeded(database)
                let done = try await database.select().column("version").from(Self.table)
                    .where("version", .equal, migration.version).first()
                if done != nil { return false }
                try await migration.apply(database, store.kind)
                try await database.insert(into: Self.table)
                    .columns("version", "name", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(Int64(now().timeIntervalSince1970)))
                    .run()
                return true
            }
            if didApply {
                logger.notice("applied store migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                applied.append(migration.version)
            }
        }
        return applied
    }

    /// The highest applied version, 0 for an empty database.
    public func currentVersion() async throws -> Int {
        try await store.transaction(timeout: Self.migrationTimeout) { database in
            try await lock(database)
            try await createTableIfNeeded(database)
            let row = try await database.select().column(SQLFunction("MAX", args: SQLColumn("version")), as: "version")
                .from(Self.table).first()
            return try row?.decodeNil(column: "version") == false ? try row!.decode(column: "version", as: Int.self) : 0
        }
    }

    /// Migrations run outside the statement deadline (`store.statement_timeout_seconds`):
    /// building an index on a large table may take minutes, and a node that gave up half-way
    /// would only start again. The server's idle-in-transaction limit stays, so a migration
    /// abandoned by its node does not hold the migration lock.
    private func liftStatementTimeout(_ database: any SQLDatabase) async throws {
        if store.kind == .postgres {
            try await database.raw("SET LOCAL statement_timeout = 0").run()
        }
    }

    private func lock(_ database: any SQLDatabase) async throws {
        if store.kind == .postgres {
            // One lock per schema: the nodes of one installation share its schema and queue
            // here, while installations in other schemas of the database migrate undisturbed.
            try await database.raw(
                "SELECT pg_advisory_xact_lock(\(bind: Int32(Self.advisoryLockClass)), hashtext(current_schema()))"
            ).run()
        }
    }

    private func createTableIfNeeded(_ database: any SQLDatabase) async throws {
        try await database.create(table: Self.table).ifNotExists()
            .column("version", type: .bigint, .primaryKey(autoIncrement: false))
            .column("name", type: .text, .notNull)
            .column("applied_at", type: .bigint, .notNull)
            .run()
    }
}
