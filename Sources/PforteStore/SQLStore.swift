public import Logging
public import SQLKit
import Synchronization

/// The database of a Pforte installation, behind SQLKit so that the same SQL serves SQLite and
/// PostgreSQL. Aggregate stores (``OneTimeIdentifierStore`` and later ones) are built on it.
///
/// Every unit of work has a deadline (``StoreConfiguration``): the wait for a connection, each
/// statement and the whole unit. A unit that overruns fails with ``StoreError/Code/timedOut``,
/// a database that cannot be reached with ``StoreError/Code/unavailable``; callers answer both
/// with 503. A connection that timed out or failed under a statement is closed, never reused.
public final class SQLStore: Sendable {
    public let kind: StoreBackendKind
    private let pool: any ConnectionPooling
    private let statementTimeout: Duration
    private let transactionTimeout: Duration
    /// Only for SQLite: PostgreSQL handles concurrent writers itself.
    private let writeGate: WriteGate?
    private let isClosed = Mutex(false)

    init(kind: StoreBackendKind, pool: any ConnectionPooling, configuration: StoreConfiguration) {
        self.kind = kind
        self.pool = pool
        self.statementTimeout = configuration.statementTimeout
        self.transactionTimeout = configuration.transactionTimeout
        self.writeGate = kind == .sqlite ? WriteGate() : nil
    }

    /// Opens a connection pool; connections are made lazily, so this does not prove the
    /// database is reachable (``ping()`` does). With `exclusive`, a SQLite file already served
    /// by another process is refused with ``StoreError/Code/locked``.
    public static func open(_ configuration: StoreConfiguration, logger: Logger) throws -> SQLStore {
        switch configuration.backend {
        case let .sqlite(path):
            let pool = try SQLiteConnectionPooling.make(path: path, configuration: configuration, logger: logger)
            return SQLStore(kind: .sqlite, pool: pool, configuration: configuration)
        case let .postgres(url, schema):
            let pool = try PostgresConnectionPooling.make(url: url, schema: schema, configuration: configuration, logger: logger)
            return SQLStore(kind: .postgres, pool: pool, configuration: configuration)
        }
    }

    /// The database in words (driver, address, database, role) for messages.
    public var target: String { pool.target }

    /// Runs `body` on one pooled connection, outside any transaction. For reads: writes go
    /// through ``transaction(_:)``, which also queues SQLite's writers.
    public func withConnection<T>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let (lease, database) = try await lease()
        do {
            let result = try await body(database)
            lease.finish()
            return result
        } catch {
            if StoreOutage.databaseAnswered(error) { lease.finish() } else { lease.discard() }
            throw StoreOutage.classify(error, target: target)
        }
    }

    /// Runs `body` in one transaction on one connection: everything it wrote is committed
    /// together, or — when it throws — nothing is.
    ///
    /// SQLite transactions start with `BEGIN IMMEDIATE`, taking the write lock up front, so that
    /// two writers wait for each other (busy_timeout) instead of one failing with SQLITE_BUSY
    /// when it tries to upgrade a read lock.
    ///
    /// - Parameter timeout: a limit for this unit instead of the configured ones, for work that
    ///   may legitimately take long (migrations).
    public func transaction<T>(timeout: Duration? = nil, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await writeGate?.acquire(within: timeout ?? statementTimeout)
        do {
            let result = try await transactionOnOneConnection(timeout: timeout, body)
            await writeGate?.release()
            return result
        } catch {
            await writeGate?.release()
            throw StoreOutage.classify(error, target: target)
        }
    }

    private func transactionOnOneConnection<T>(timeout: Duration?, _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let (lease, database) = try await lease(timeout: timeout)
        do {
            try await database.raw(kind == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN").run()
        } catch {
            lease.discard()
            throw error
        }
        let result: T
        do {
            result = try await body(database)
        } catch {
            // Only a connection whose last answer came from the database is known to be alive
            // and in the transaction; any other is closed, and the server rolls back.
            guard StoreOutage.databaseAnswered(error), !lease.isAbandoned else {
                lease.discard()
                throw error
            }
            do {
                try await database.raw("ROLLBACK").run()
                lease.finish()
            } catch {
                lease.discard()
            }
            throw error
        }
        do {
            try await database.raw("COMMIT").run()
        } catch {
            // A failed COMMIT leaves the connection's state unknown: closed, never rolled back.
            lease.discard()
            throw error
        }
        lease.finish()
        return result
    }

    /// The leased connection, on PostgreSQL with a deadline per statement and unit. SQLite is a
    /// local file: a statement cannot hang on a network, waits for locks at most its
    /// busy_timeout, and runs on a thread that closing the connection would not free; there the
    /// waits for a connection and for the write lock are bounded.
    private func lease(timeout: Duration? = nil) async throws -> (ConnectionLease, any SQLDatabase) {
        let lease: ConnectionLease
        do {
            lease = try await pool.lease()
        } catch {
            let classified = StoreOutage.classify(error, target: target)
            if classified is StoreError { throw classified }
            throw StoreError(.unavailable, "\(target): \(StoreOutage.describe(error))")
        }
        guard kind == .postgres else { return (lease, lease.database) }
        let deadline = UnitDeadline(statementTimeout: timeout ?? statementTimeout, end: .now + (timeout ?? transactionTimeout))
        return (lease, DeadlineDatabase(lease: lease, deadline: deadline))
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
