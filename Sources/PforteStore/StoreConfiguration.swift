/// Which database a node uses and how many connections it may hold.
public struct StoreConfiguration: Sendable, Equatable {
    public enum Backend: Sendable, Equatable {
        /// The embedded default: one file, one node.
        case sqlite(path: String)
        /// Production: one database shared by every node. `schema` isolates installations (and
        /// tests) that share a database.
        case postgres(url: String, schema: String? = nil)
    }

    public var backend: Backend
    public var poolSize: Int
    /// The longest one statement may take, and the longest wait for a free connection. The
    /// defaults here are generous, for tools and tests; `pforte serve` and the commands take
    /// `store.statement_timeout_seconds` (5 s unless set).
    public var statementTimeout: Duration
    /// The longest one transaction (or one unit of reads) may take, from its first statement.
    public var transactionTimeout: Duration
    /// Whether this process must be the only one serving a SQLite file (`pforte serve`);
    /// short-lived commands beside it take SQLite's own locks only.
    public var exclusive: Bool

    public init(
        backend: Backend, poolSize: Int = 8,
        statementTimeout: Duration = .seconds(30), transactionTimeout: Duration = .seconds(30), exclusive: Bool = false
    ) {
        self.backend = backend
        self.poolSize = poolSize
        self.statementTimeout = statementTimeout
        self.transactionTimeout = transactionTimeout
        self.exclusive = exclusive
    }
}

/// The SQL dialect family behind a store, for the few statements that differ.
public enum StoreBackendKind: String, Sendable {
    case sqlite
    case postgres
}
