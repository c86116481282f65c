import Logging
import PforteConfiguration
import PforteStore
import PforteWeb

/// Runs `body` on the configured store, migrated first and closed afterwards, for the commands
/// that work on the server's data (`accounts`, `clients`): they apply the server's schema and
/// settings, so an operator's command and a node never disagree.
func withMigratedStore<Result>(
    _ options: ConfigOptions, label: String, _ body: (PforteConfig, SQLStore, Logger) async throws -> Result
) async throws -> Result {
    let config = try options.load()
    Pforte.restrictNewFiles()
    PforteLogging.bootstrap(config.log)
    let logger = Logger(label: label)
    let store = try SQLStore.open(StoreConfiguration(config), logger: logger)
    do {
        try await Migrator(store: store, logger: logger).migrate()
        let result = try await body(config, store, logger)
        try await store.close()
        return result
    } catch {
        try? await store.close()
        throw error
    }
}
