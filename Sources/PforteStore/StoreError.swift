/// Failures of the store that callers act on, beyond the driver's own errors.
public struct StoreError: Error, Equatable, CustomStringConvertible {
    public enum Code: Equatable, Sendable {
        /// The database was migrated by a newer Pforte than this one.
        case schemaTooNew(database: Int, known: Int)
        case invalidConfiguration
        case valueTooLong
        case timedOut
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
}
