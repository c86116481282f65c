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

    public init(backend: Backend, poolSize: Int = 8) {
        self.backend = backend
        self.poolSize = poolSize
    }
}

/// The SQL dialect family behind a store, for the few statements that differ.
public enum StoreBackendKind: String, Sendable {
    case sqlite
    case postgres
}
