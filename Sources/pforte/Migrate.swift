import ArgumentParser
import Logging
import PforteStore
import PforteWeb

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring the store's schema up to date (serve does this at start too)."
    )

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let config = try options.load()
        Pforte.restrictNewFiles()
        PforteLogging.bootstrap(config.log)
        let logger = Logger(label: "pforte.migrate")
        let store = try SQLStore.open(StoreConfiguration(config), logger: logger)
        do {
            let migrator = Migrator(store: store, logger: logger)
            let applied = try await migrator.migrate()
            let version = try await migrator.currentVersion()
            try await store.close()
            print(applied.isEmpty ? "schema already at version \(version)" : "applied \(applied.map(String.init).joined(separator: ", ")); schema at version \(version)")
        } catch {
            try? await store.close()
            throw fail("migration failed: \(error)")
        }
    }
}
