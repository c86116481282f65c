import Foundation
import HummingbirdTesting
import Logging
import PforteAccounts
import PforteConfiguration
import PforteCrypto
import PforteEID
import PforteStore
import PforteWeb
import Prometheus

/// Runs `test` against the application as `pforte serve` builds it, on a temporary store (SQLite
/// unless `backend` says PostgreSQL), key directory (a copy of ``TemplateKeys``) and client
/// directory; `configure` may change
/// the configuration first, `prepare` may create accounts, and `clock` is the time the
/// application reads. `testing` is `.live` for what only the HTTP server decides (header limits).
func withTestApplication(
    _ testing: TestingSetup = .router,
    registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    configure: (inout PforteConfig) -> Void = { _ in },
    eID: EIDConnection? = nil,
    clock: PforteClock = .system,
    backend: WebTestBackend = .sqlite,
    prepare: (AccountServices) async throws -> Void = { _ in },
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
    // Hundreds of router tests share two cores with the interop suite (`make test` runs both
    // at once): production's 5 s store deadlines would turn a busy test machine into 503s. The
    // deadlines have tests of their own (StoreDeadlineTests, StoreOutageTests), which set their
    // limits through `configure`.
    config.store.statementTimeoutSeconds = 120
    config.store.transactionTimeoutSeconds = 120
    config.server.readinessTimeoutSeconds = 60
    // The least Argon2id work the settings allow: every account and login of the router tests
    // hashes, and production's parameters (about 80 ms a hash here) are tested with the hasher.
    config.passwords.argon2MemoryKiB = 1024
    config.passwords.argon2Iterations = 1
    configure(&config)
    if !FileManager.default.fileExists(atPath: config.paths.keys) {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TemplateKeys.directory, to: URL(fileURLWithPath: config.paths.keys))
    }
    try await backend.withStore(StoreConfiguration(config), logger: logger) { store in
        let application = try await PforteApplication.build(configuration: config, store: store, metrics: registry, logger: logger,
                                                             eID: eID, clock: clock)
        try await prepare(try AccountSetup.services(config, store: store, outbox: MailSetup.outbox(config, logger: logger),
                                                   delivery: .immediate, now: clock.now))
        try await application.test(testing, test)
    }
}

/// The citizens of the session tests: Erika and Max, activated, with one password.
enum TestAccounts {
    static let erika = "erika@example.de"
    static let max = "max@example.de"
    static let password = "Sichere-Passphrase-2026!"
}

/// ``withTestApplication(registry:configure:eID:clock:backend:prepare:_:)`` as a browser meets
/// it, on `clock`, with the accounts of ``TestAccounts``.
func withTestBrowser(
    _ backend: WebTestBackend, clock: TestClock, eID: EIDConnection? = nil,
    configure: (inout PforteConfig) -> Void, _ test: @escaping @Sendable (TestBrowser) async throws -> Void
) async throws {
    try await withTestApplication(
        configure: configure, eID: eID, clock: clock.pforteClock, backend: backend,
        prepare: { services in
            for (email, givenNames) in [(TestAccounts.erika, "Erika"), (TestAccounts.max, "Max")] {
                _ = try await services.administration.createActivatedAccount(
                    email: email, givenNames: givenNames, familyName: "Mustermann", password: TestAccounts.password
                )
            }
        }
    ) { client in
        try await test(TestBrowser(client))
    }
}

/// One complete key directory per test process, copied into each application's. Generating
/// RSA keys for each of some hundred router tests kept both cores of the CI machine busy for
/// minutes, starving every other test; the tests of key generation make their own.
enum TemplateKeys {
    static let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-web-keys-\(UUID().uuidString)")
        do {
            try KeyDirectory(url: url).ensureComplete(certificateSubject: "pforte")
        } catch {
            fatalError("cannot make the template key directory: \(error)")
        }
        atexit { try? FileManager.default.removeItem(at: TemplateKeys.directory) }
        return url
    }()
}
