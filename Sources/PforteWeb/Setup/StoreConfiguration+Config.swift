public import PforteConfiguration
public import PforteStore

extension StoreConfiguration {
    /// The store a node's configuration describes. `exclusive` for `pforte serve`: one server
    /// per SQLite file.
    public init(_ config: PforteConfig, exclusive: Bool = false) {
        let backend: Backend = switch config.store.driver {
        case .sqlite: .sqlite(path: config.effectiveSQLitePath)
        case .postgres: .postgres(url: config.store.postgresURL)
        }
        self.init(
            backend: backend, poolSize: config.store.poolSize,
            statementTimeout: .seconds(config.store.statementTimeoutSeconds),
            transactionTimeout: .seconds(config.store.transactionTimeoutSeconds),
            exclusive: exclusive
        )
    }
}
