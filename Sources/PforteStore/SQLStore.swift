public import Logging
public import SQLKit
import Synchronization

/// The database of a Pforte installation, behind SQLKit so that the same SQL serves SQLite and
/// PostgreSQL. Aggregate stores (``OneTimeIdentifierStore`` and later ones) are built on it.
public final class SQLStore: Sendable {
    public let kind: StoreBackendKind
    private let pool: any ConnectionPooling
    /// Only for SQLite: PostgreSQL handles concurrent writers itself.
    private let writeGate: WriteGate?
    private let isClosed = Mutex(false)

    init(kind: StoreBackendKind, pool: any ConnectionPooling) {
        self.kind = kind
        self.pool = pool
        self.writeGate = kind == .sqlite ? WriteGate() : nil
    }

    /// Opens a connection pool; connections are made lazily, so this does not prove the
    /// database is reachable (``ping()`` does).
    public static func open(_ configuration: StoreConfiguration, logger: Logger) throws -> SQLStore {
        switch configuration.backend {
        case let .sqlite(path):
            return SQLStore(kind: .sqlite, pool: try SQLiteConnectionPooling.make(path: path, poolSize: configuration.poolSize, logger: logger))
        case let .postgres(url, schema):
            return SQLStore(
                kind: .postgres,
                pool: try PostgresConnectionPooling.make(url: url, schema: schema, poolSize: configuration.poolSize, logger: logger)
            )
        }
    }

    /// Runs `body` on one pooled connection, outside any transaction. For reads: writes go
    /// through ``transaction(_:)``, which also queues SQLite's writers.
    public func withConnection<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let lease = try await pool.lease()
        do {
            let result = try await body(lease.database)
            lease.release()
            return result
        } catch {
            lease.release()
            throw error
        }
    }

    /// Runs `body` in one transaction on one connection: everything it wrote is committed
    /// together, or — when it throws — nothing is.
    ///
    /// SQLite transactions start with `BEGIN IMMEDIATE`, taking the write lock up front, so that
    /// two writers wait for each other (busy_timeout) instead of one failing with SQLITE_BUSY
    /// when it tries to upgrade a read lock.
    public func transaction<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        await writeGate?.acquire()
        do {
            let result = try await transactionOnOneConnection(body)
            await writeGate?.release()
            return result
        } catch {
            await writeGate?.release()
            throw error
        }
    }

    private func transactionOnOneConnection<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let lease = try await pool.lease()
        let database = lease.database
        do {
            try await database.raw(kind == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN").run()
        } catch {
            await lease.discard()
            throw error
        }
        do {
            let result = try await body(database)
            try await database.raw("COMMIT").run()
            lease.release()
            return result
        } catch {
            do {
                try await database.raw("ROLLBACK").run()
                lease.release()
            } catch {
                await lease.discard()
            }
            throw error
        }
    }

    /// Proves the database answers a query.
    public func ping() async throws {
        try await withConnection { database in
            _ = try await database.raw("SELECT 1 AS one").first()
        }
    }

    /// Closes every pooled connection. Only the first call does anything, so the owner that
    /// starts the store and the service that stops it with the server may both call it.
    public func close() async throws {
        let wasClosed = isClosed.withLock { closed in
            defer { closed = true }
            return closed
        }
        if !wasClosed { try await pool.shutdown() }
    }
}
