import AsyncKit
import Logging
import NIOCore
import SQLKit

/// Adapts async-kit's connection pool (used by both SQLiteKit and PostgresKit) to
/// ``ConnectionPooling``.
struct EventLoopConnectionPooling<Source: ConnectionPoolSource>: ConnectionPooling {
    let pool: EventLoopGroupConnectionPool<Source>
    let logger: Logger
    let makeDatabase: @Sendable (Source.Connection) -> any SQLDatabase

    func lease() async throws -> ConnectionLease {
        let connection = try await pool.requestConnection(logger: logger).get()
        let pool = self.pool
        let logger = self.logger
        let box = UncheckedConnection(connection: connection)
        return ConnectionLease(
            database: makeDatabase(connection),
            release: { pool.releaseConnection(box.connection, logger: logger) },
            discard: {
                try? await box.connection.close().get()
                pool.releaseConnection(box.connection, logger: logger)
            }
        )
    }

    func shutdown() async throws {
        try await pool.shutdownAsync()
    }
}

/// Connections are handed between the pool and exactly one leaseholder at a time; the pool
/// serialises that hand-over on the connection's event loop.
private struct UncheckedConnection<Connection>: @unchecked Sendable {
    let connection: Connection
}

extension EventLoopGroupConnectionPool: @retroactive @unchecked Sendable {}
