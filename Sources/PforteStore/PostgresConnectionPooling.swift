import AsyncKit
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit

enum PostgresConnectionPooling {
    static func make(url: String, schema: String?, configuration store: StoreConfiguration, logger: Logger) throws -> any ConnectionPooling {
        var configuration: SQLPostgresConfiguration
        do {
            configuration = try SQLPostgresConfiguration(url: url)
        } catch {
            throw StoreError(.invalidConfiguration, "store.postgres_url is not a usable PostgreSQL URL")
        }
        if let schema { configuration.searchPath = [schema] }
        // The server's own limits back the client's deadlines: a statement the client gave up
        // on stops running, and a transaction abandoned with its connection releases its locks.
        configuration.coreConfiguration.options.additionalStartupParameters += [
            ("statement_timeout", "\(milliseconds(store.statementTimeout))"),
            ("idle_in_transaction_session_timeout", "\(milliseconds(store.transactionTimeout))"),
        ]
        configuration.coreConfiguration.options.connectTimeout = .milliseconds(Int64(milliseconds(store.statementTimeout)))
        let core = configuration.coreConfiguration
        let target = "PostgreSQL at \(core.host ?? core.unixSocketPath ?? "?")\(core.port.map { ":\($0)" } ?? ""), database \(core.database ?? core.username), role \(core.username)"
        let group = MultiThreadedEventLoopGroup.singleton
        let pool = EventLoopGroupConnectionPool(
            source: PfortePostgresSource(base: PostgresConnectionSource(sqlConfiguration: configuration)),
            maxConnectionsPerEventLoop: max(1, store.poolSize / System.coreCount),
            // Pool exhaustion fails fast: a request waits for a connection no longer than for
            // a statement.
            requestTimeout: .milliseconds(Int64(milliseconds(store.statementTimeout))),
            pruneInterval: .seconds(60),
            logger: logger,
            on: group
        )
        return EventLoopConnectionPooling(pool: pool, logger: logger, target: target) { $0.sql(queryLogLevel: .trace) }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        max(1, Int(duration.nanoseconds / 1e6))
    }
}

/// PostgresKit's source is an immutable value (the connection configuration) but is not marked
/// Sendable; the pool only ever calls `makeConnection` on it.
struct PfortePostgresSource: ConnectionPoolSource, @unchecked Sendable {
    let base: PostgresConnectionSource

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<PostgresConnection> {
        base.makeConnection(logger: logger, on: eventLoop)
    }
}
