import Foundation
import HummingbirdTesting
import Logging
import PforteConfiguration
import PforteEID
import PforteStore
import PforteWeb
import Prometheus

/// Runs `test` against the application as `pforte serve` builds it, on a temporary SQLite
/// store, key directory and client directory; `configure` may change the configuration first.
func withTestApplication(
    registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    configure: (inout PforteConfig) -> Void = { _ in },
    eID: EIDConnection? = nil,
    _ test: @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    let logger = Logger(label: "pforte.web.tests")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-web-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    var config = PforteConfig()
    config.paths.data = directory.appendingPathComponent("data").path
    config.paths.keys = directory.appendingPathComponent("keys").path
    config.paths.clients = directory.appendingPathComponent("clients").path
    config.paths.metadata = directory.appendingPathComponent("metadata").path
    configure(&config)
    let store = try SQLStore.open(StoreConfiguration(config), logger: logger)
    do {
        let application = try await PforteApplication.build(configuration: config, store: store, metrics: registry, logger: logger,
                                                             eID: eID)
        try await application.test(.router, test)
        try await store.close()
    } catch {
        try? await store.close()
        throw error
    }
}
