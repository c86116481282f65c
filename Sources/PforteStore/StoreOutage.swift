import AsyncKit
import PostgresKit

/// Tells the failures of the connection (the database is down, the connection died, no answer
/// in time) from answers of the database (a violated constraint, a syntax error), and says
/// them in one line an operator can act on.
///
/// postgres-nio's `PSQLError` prints only a generic text, to keep bound values out of logs; the
/// server's message and SQLSTATE are safe to show and are what the operator needs.
enum StoreOutage {
    /// `error` as callers see it: connection-level failures become ``StoreError`` with
    /// ``StoreError/Code/unavailable`` or ``StoreError/Code/timedOut``; answers of the database
    /// and the stores' own errors pass unchanged.
    static func classify(_ error: any Error, target: String) -> any Error {
        if error is StoreError { return error }
        if let error = error as? PSQLError {
            if error.code == .server {
                let state = error.serverInfo?[.sqlState] ?? ""
                // 57014 query_canceled (the server's statement_timeout), class 08 connection
                // exceptions, 57P01–57P03 shutdown and start-up of the server.
                if state == "57014" { return StoreError(.timedOut, "\(target): \(describe(error))") }
                if state.hasPrefix("08") || state.hasPrefix("57P") { return StoreError(.unavailable, "\(target): \(describe(error))") }
                return error
            }
            return StoreError(.unavailable, "\(target): \(describe(error))")
        }
        if let error = error as? ConnectionPoolTimeoutError, error == .connectionRequestTimeout {
            return StoreError(.timedOut, "\(target): no free connection in time (store.pool_size may be too small, or the database hangs)")
        }
        if error is ConnectionPoolError { return StoreError(.unavailable, "\(target): the connection pool is shut down") }
        return error
    }

    /// Whether the database itself answered with `error`, which proves the connection usable
    /// (for a ROLLBACK); anything else leaves its state unknown.
    static func databaseAnswered(_ error: any Error) -> Bool {
        if let error = error as? PSQLError { return error.code == .server }
        if let error = error as? StoreError { return !error.isOutage }
        return true
    }

    /// One line: the server's message and SQLSTATE, or what failed on the way to it.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let info = error.serverInfo {
            let message = info[.message] ?? "no message"
            let detail = info[.detail].map { " — \($0)" } ?? ""
            return "\(info[.severity] ?? "ERROR"): \(message)\(detail) (SQLSTATE \(info[.sqlState] ?? "?"))"
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }
}
