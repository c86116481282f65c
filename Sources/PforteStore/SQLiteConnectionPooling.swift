import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit

/// Opens SQLite connections with the settings every Pforte connection needs.
///
/// - WAL lets readers proceed while one writer commits (https://sqlite.org/wal.html).
/// - `busy_timeout` makes a second writer wait instead of failing at once with SQLITE_BUSY.
struct PforteSQLiteSource: ConnectionPoolSource, Sendable {
    let base: SQLiteConnectionSource

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        base.makeConnection(logger: logger, on: eventLoop).flatMap { connection in
            connection.query("PRAGMA busy_timeout = 10000")
                .flatMap { _ in connection.query("PRAGMA journal_mode = WAL") }
                .map { _ in connection }
        }
    }
}

enum SQLiteConnectionPooling {
    static func make(path: String, configuration: StoreConfiguration, logger: Logger) throws -> any ConnectionPooling {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
            )
        }
        let lock = try configuration.exclusive ? SQLiteLockFile(databasePath: path) : nil
        let group = MultiThreadedEventLoopGroup.singleton
        let source = PforteSQLiteSource(
            base: SQLiteConnectionSource(configuration: .init(storage: .file(path: path), enableForeignKeys: true))
        )
        let pool = EventLoopGroupConnectionPool(
            source: source,
            maxConnectionsPerEventLoop: max(1, configuration.poolSize / System.coreCount),
            requestTimeout: .nanoseconds(Int64(configuration.statementTimeout.nanoseconds)),
            pruneInterval: nil,
            logger: logger,
            on: group
        )
        let pooling = EventLoopConnectionPooling(pool: pool, logger: logger, target: "SQLite database \(path)") { $0.sql(queryLogLevel: .trace) }
        guard let lock else { return pooling }
        return LockedConnectionPooling(inner: pooling, lock: lock)
    }
}
