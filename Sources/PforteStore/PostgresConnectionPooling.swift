import AsyncKit
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit

enum PostgresConnectionPooling {
    static func make(url: String, schema: String?, poolSize: Int, logger: Logger) throws -> any ConnectionPooling {
        var configuration: SQLPostgresConfiguration
        do {
            configuration = try SQLPostgresConfiguration(url: url)
        } catch {
            throw StoreError(.invalidConfiguration, "store.postgres_url is not a usable PostgreSQL URL")
        }
        if let schema { configuration.searchPath = [schema] }
        let group = MultiThreadedEventLoopGroup.singleton
        let pool = EventLoopGroupConnectionPool(
            source: PfortePostgresSource(base: PostgresConnectionSource(sqlConfiguration: configuration)),
            maxConnectionsPerEventLoop: max(1, poolSize / System.coreCount),
            pruneInterval: .seconds(60),
            logger: logger,
            on: group
        )
        return EventLoopConnectionPooling(pool: pool, logger: logger) { $0.sql(queryLogLevel: .trace) }
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
