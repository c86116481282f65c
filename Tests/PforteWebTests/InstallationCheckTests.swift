import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PforteConfiguration
import PforteCrypto
import PforteStore
import PforteWeb
import Prometheus
import Testing

/// One installation, one set of keys: a node with incomplete or foreign keys refuses to start
/// on a store that belongs to an installation, and writes nothing then.
@Suite struct InstallationCheckTests {
    private static let logger = Logger(label: "pforte.web.tests")

    private static func config(_ directory: URL, keys: String) -> PforteConfig {
        var config = PforteConfig()
        config.paths.data = directory.appendingPathComponent("data").path
        config.paths.keys = directory.appendingPathComponent(keys).path
        config.paths.clients = directory.appendingPathComponent("clients").path
        config.paths.metadata = directory.appendingPathComponent("metadata").path
        return config
    }

    private static func start(_ config: PforteConfig) async throws {
        let store = try SQLStore.open(StoreConfiguration(config), logger: logger)
        do {
            _ = try await PforteApplication.build(configuration: config, store: store, metrics: PrometheusCollectorRegistry(), logger: logger)
            try await store.close()
        } catch {
            try? await store.close()
            throw error
        }
    }

    @Test func foreignOrIncompleteKeysAreRefusedOnARecordedStore() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-installation-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Self.start(Self.config(directory, keys: "keys"))  // empty keys, empty store: generated and recorded
        try await Self.start(Self.config(directory, keys: "keys"))  // the same keys again

        let other = Self.config(directory, keys: "other-keys")
        try KeyDirectory(url: URL(fileURLWithPath: other.paths.keys)).ensureComplete(certificateSubject: "pforte")
        let foreign = await #expect(throws: InstallationRefusal.self) { try await Self.start(other) }
        #expect(foreign?.description.contains("another installation") == true)

        let empty = Self.config(directory, keys: "empty-keys")
        let incomplete = await #expect(throws: InstallationRefusal.self) { try await Self.start(empty) }
        #expect(incomplete?.description.contains("lacks installation-secret, keyset.json") == true)
        #expect(!FileManager.default.fileExists(atPath: empty.paths.keys))

        let keys = directory.appendingPathComponent("keys")
        let partial = Self.config(directory, keys: "partial-keys")
        try FileManager.default.copyItem(at: keys, to: URL(fileURLWithPath: partial.paths.keys))
        try FileManager.default.removeItem(at: URL(fileURLWithPath: partial.paths.keys).appendingPathComponent("installation-secret"))
        let missingSecret = await #expect(throws: InstallationRefusal.self) { try await Self.start(partial) }
        #expect(missingSecret?.description.contains("lacks installation-secret") == true)
    }
}

/// A store that cannot answer is a 503, not a 500: a page to try again, and
/// `temporarily_unavailable` for machine endpoints.
@Suite struct StoreOutageTests {
    @Test func requestsDuringAnOutageAre503() async throws {
        let logger = Logger(label: "pforte.web.tests")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-outage-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = PforteConfig()
        config.paths.data = directory.appendingPathComponent("data").path
        config.paths.keys = directory.appendingPathComponent("keys").path
        config.paths.clients = directory.appendingPathComponent("clients").path
        config.paths.metadata = directory.appendingPathComponent("metadata").path
        let store = try SQLStore.open(StoreConfiguration(config), logger: logger)
        let application = try await PforteApplication.build(configuration: config, store: store, metrics: PrometheusCollectorRegistry(), logger: logger)
        try await store.close()  // every later lease fails: the store is unavailable
        try await application.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .serviceUnavailable) }
            try await client.execute(uri: "/livez", method: .get) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/token", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "grant_type=authorization_code&code=x&client_id=nobody")
            ) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("temporarily_unavailable"))
                #expect(response.headers[.retryAfter] == "5")
            }
            let authorize = "/authorize?client_id=nobody&response_type=code&scope=openid&redirect_uri=https%3A%2F%2Fportal.example.de%2Fcb"
            try await client.execute(uri: authorize, method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("Vorübergehend nicht erreichbar"))
            }
        }
    }
}
