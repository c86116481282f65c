public import PforteConfiguration
public import PforteStore

extension StoreConfiguration {
    /// The store a node's configuration describes.
    public init(_ config: PforteConfig) {
        switch config.store.driver {
        case .sqlite:
            self.init(backend: .sqlite(path: config.effectiveSQLitePath), poolSize: config.store.poolSize)
        case .postgres:
            self.init(backend: .postgres(url: config.store.postgresURL), poolSize: config.store.poolSize)
        }
    }
}
