import AsyncKit
import Logging
import NIOCore
import SQLKit

/// Adapts async-kit's connection pool (used by both SQLiteKit and PostgresKit) to
/// ``ConnectionPooling``.
///
/// The pool drops connections that report `isClosed` when it hands one out, so a closed
/// connection is given back only once its close has completed.
struct EventLoopConnectionPooling<Source: ConnectionPoolSource & Sendable>: ConnectionPooling where Source.Connection: Sendable {
    let pool: EventLoopGroupConnectionPool<Source>
    let logger: Logger
    let target: String
    let makeDatabase: @Sendable (Source.Connection) -> any SQLDatabase

    func lease() async throws -> ConnectionLease {
        let connection = try await pool.requestConnection(logger: logger).get()
        let pool = self.pool
        let logger = self.logger
        return ConnectionLease(
            database: makeDatabase(connection),
            giveBack: { pool.releaseConnection(connection, logger: logger) },
            close: {
                connection.close().whenComplete { _ in pool.releaseConnection(connection, logger: logger) }
            }
        )
    }

    func shutdown() async throws {
        try await pool.shutdownAsync()
    }
}

/// async-kit guards the pool's state with a lock and its per-event-loop pools run on their own
/// loops, but the class predates Sendable annotations.
extension EventLoopGroupConnectionPool: @retroactive @unchecked Sendable {}
