import SQLKit

/// One connection borrowed from a pool for the duration of a unit of work.
///
/// A transaction must run on a single connection; SQLKit's pooled `SQLDatabase` values hand
/// every statement to any free connection, which would silently split a transaction.
struct ConnectionLease: Sendable {
    let database: any SQLDatabase
    /// Returns the connection to the pool.
    let release: @Sendable () -> Void
    /// Closes the connection instead of reusing it (its session state is unknown).
    let discard: @Sendable () async -> Void
}

/// A pool of connections to one database, whatever the driver.
protocol ConnectionPooling: Sendable {
    func lease() async throws -> ConnectionLease
    func shutdown() async throws
}
