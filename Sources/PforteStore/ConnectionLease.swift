import SQLKit
import Synchronization

/// One connection borrowed from a pool for the duration of a unit of work.
///
/// A transaction must run on a single connection; SQLKit's pooled `SQLDatabase` values hand
/// every statement to any free connection, which would silently split a transaction.
///
/// A lease ends exactly once: ``finish()`` gives a healthy connection back, ``discard()``
/// closes it and lets the pool open a new one. Once a statement overran its deadline the
/// connection's state is unknown (postgres-nio may never answer a statement written to a
/// connection that has just died), so ``abandon()`` closes it at once, from the timer, and
/// later `finish()` calls close instead of returning it: it never receives another statement,
/// not even a ROLLBACK.
final class ConnectionLease: Sendable {
    let database: any SQLDatabase
    private let giveBack: @Sendable () -> Void
    private let close: @Sendable () -> Void
    private let state = Mutex(State.held)

    private enum State {
        case held
        case abandoned
        case ended
    }

    /// - Parameters:
    ///   - giveBack: returns the connection to the pool.
    ///   - close: closes the connection without waiting for it, returning the slot to the pool
    ///     once it is closed.
    init(database: any SQLDatabase, giveBack: @escaping @Sendable () -> Void, close: @escaping @Sendable () -> Void) {
        self.database = database
        self.giveBack = giveBack
        self.close = close
    }

    var isAbandoned: Bool { state.withLock { $0 == .abandoned } }

    /// The end of a unit of work that left the connection in a known state.
    func finish() {
        let previous = state.withLock { state in
            defer { state = .ended }
            return state
        }
        switch previous {
        case .held: giveBack()
        case .abandoned, .ended: break
        }
    }

    /// Closes the connection: its session state is unknown.
    func discard() {
        let previous = state.withLock { state in
            defer { state = .ended }
            return state
        }
        if previous == .held { close() }
    }

    /// Closes the connection now, while its unit of work may still be waiting on it.
    func abandon() {
        let previous = state.withLock { state in
            defer { if state == .held { state = .abandoned } }
            return state
        }
        if previous == .held { close() }
    }
}

/// A pool of connections to one database, whatever the driver.
protocol ConnectionPooling: Sendable {
    /// The database in words for messages: driver, address, database, role.
    var target: String { get }
    /// Waits at most the pool's bounded wait for a free connection.
    func lease() async throws -> ConnectionLease
    func shutdown() async throws
}
