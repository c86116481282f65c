import Foundation
public import Hummingbird
public import Logging
public import PforteConfiguration
import PforteCrypto
public import PforteStore
public import Prometheus

/// The composition root: everything `pforte serve` runs is wired here, and tests build the
/// application through the same function, so production and test wiring are one code path.
public enum PforteApplication {
    /// Opens and migrates the store, makes sure signing keys exist, and builds the HTTP
    /// application. Nothing listens until the returned application runs.
    ///
    /// - Parameter metrics: the registry `/metrics` renders; the caller bootstraps swift-metrics
    ///   with it (a process-wide, once-only step that tests skip).
    public static func build(
        configuration: PforteConfig,
        store: SQLStore,
        metrics: PrometheusCollectorRegistry,
        logger: Logger
    ) async throws -> some ApplicationProtocol {
        try await Migrator(store: store, logger: logger).migrate()
        let keys = KeyDirectory(url: URL(fileURLWithPath: configuration.paths.keys))
        let keyEntries = try keys.ensureKeys(certificateSubject: configuration.effectivePublicURL.host ?? "pforte")
        logger.info("signing keys ready", metadata: ["keys": .array(keyEntries.map { .string("\($0.purpose.rawValue):\($0.kid):\($0.state.rawValue)") })])

        let resources = Bundle.module.url(forResource: "Resources", withExtension: nil)!
        let secureCookies = configuration.effectivePublicURL.scheme == "https"
        let renderer = try await PageRenderer(resources: resources, secureCookies: secureCookies)

        let router = Router(context: PforteRequestContext.self)
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: SecurityHeadersMiddleware(strictTransportSecurity: secureCookies))
        router.add(middleware: AccessLogMiddleware())
        router.add(middleware: MetricsMiddleware())
        HealthController(store: store).register(on: router)
        MetricsController(registry: metrics).register(on: router)
        CSPReportController().register(on: router)
        try HomeController(renderer: renderer, resources: resources).register(on: router)

        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.server.host, port: configuration.server.port), serverName: nil),
            services: [StoreService(store: store)],
            onServerRunning: { channel in
                logger.notice("listening", metadata: [
                    "address": "\(channel.localAddress?.description ?? "?")",
                    "public_url": "\(configuration.effectivePublicURL.absoluteString)",
                    "store": "\(store.kind.rawValue)",
                ])
            },
            logger: logger
        )
    }
}
