/// Failures of the store that callers act on, beyond the driver's own errors.
public struct StoreError: Error, Equatable, CustomStringConvertible {
    public enum Code: Equatable, Sendable {
        /// The database was migrated by a newer Pforte than this one.
        case schemaTooNew(database: Int, known: Int)
        case invalidConfiguration
        case valueTooLong
        /// A statement, a transaction or the wait for a connection ran out of time; the
        /// request fails and may be retried.
        case timedOut
        /// The database cannot be reached, or the connection died under the statement.
        case unavailable
        /// Another process already serves this SQLite file.
        case locked
        /// Another client is registered under this id.
        case clientIDTaken
    }

    public let code: Code
    public let detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { detail }

    /// The store is down or too slow, not the request wrong: callers answer 503 "try again".
    public var isOutage: Bool { code == .timedOut || code == .unavailable }
}
