import Logging
import NIOCore
import SQLKit
import Synchronization

/// The limits of one unit of work on a leased connection.
struct UnitDeadline: Sendable {
    /// The longest a single statement may take.
    let statementTimeout: Duration
    /// The end of the whole unit (a transaction, or the reads of one `withConnection`).
    let end: ContinuousClock.Instant

    /// What the next statement may take: its own limit, but never past the unit's end.
    func nextStatementLimit(now: ContinuousClock.Instant = .now) -> Duration {
        min(statementTimeout, end - now)
    }
}

/// The leased connection as the stores see it: every statement gets a deadline, enforced
/// here on the client and independently of the server's `statement_timeout`.
///
/// A statement that overruns fails with ``StoreError/Code/timedOut`` and the lease is
/// abandoned (its connection closed) at that moment — a statement that never completes, or a
/// server that stopped answering, cannot hold the request or the connection.
struct DeadlineDatabase: SQLDatabase {
    let lease: ConnectionLease
    let deadline: UnitDeadline

    private var base: any SQLDatabase { lease.database }
    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        guard !lease.isAbandoned else {
            return eventLoop.makeFailedFuture(StoreError(.timedOut, "the connection was closed after a statement timed out"))
        }
        let limit = deadline.nextStatementLimit()
        guard limit > .zero else {
            lease.abandon()
            return eventLoop.makeFailedFuture(StoreError(.timedOut, "the unit of work ran out of time"))
        }
        let promise = eventLoop.makePromise(of: Void.self)
        let settled = FirstClaim()
        let settle: @Sendable (Result<Void, any Error>) -> Bool = { result in
            guard settled.claim() else { return false }
            promise.completeWith(result)
            return true
        }
        let lease = self.lease
        let timer = eventLoop.scheduleTask(in: .nanoseconds(Int64(limit.nanoseconds))) {
            if settle(.failure(StoreError(.timedOut, "no answer to a statement within \(limit)"))) { lease.abandon() }
        }
        base.execute(sql: query, onRow).whenComplete { result in
            timer.cancel()
            _ = settle(result)
        }
        return promise.futureResult
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try await execute(sql: query, onRow).get()
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }
}

/// True for the first caller only: the timer and the driver race to settle one statement.
private final class FirstClaim: Sendable {
    private let claimed = Mutex(false)

    func claim() -> Bool {
        claimed.withLock { claimed in
            defer { claimed = true }
            return !claimed
        }
    }
}

extension Duration {
    var nanoseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1e9 + Double(attoseconds) / 1e9
    }
}
