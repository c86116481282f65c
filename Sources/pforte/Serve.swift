import ArgumentParser
import Logging
import Metrics
import PforteConfiguration
import PforteCrypto
import PforteStore
import PforteWeb
import Prometheus
import ServiceLifecycle

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the identity provider.")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var listener: ListenerOptions

    func run() async throws {
        let config = try options.load(flags: listener.flags)
        Pforte.restrictNewFiles()
        do {
            try ListenerCheck.ensureBindable(host: config.server.host, port: config.server.port)
        } catch let refusal as ListenerCheck.Refusal {
            throw refuse(refusal.description)
        }

        PforteLogging.bootstrap(config.log)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let logger = Logger(label: "pforte")

        let store: SQLStore
        let application: any Service
        let storeConfiguration = StoreConfiguration(config, exclusive: true)
        let fresh = FilesCreatedByStart(store: storeConfiguration, keys: config.paths.keys)
        do {
            store = try SQLStore.open(storeConfiguration, logger: logger)
        } catch let error as StoreError where error.code == .locked {
            throw refuse(error.description)  // the files are the other process's
        } catch let error as StoreError where error.code == .invalidConfiguration {
            fresh.remove()
            throw refuse(error.description)
        } catch {
            fresh.remove()
            throw fail("cannot open the store: \(error)")
        }
        do {
            application = try await PforteApplication.build(configuration: config, store: store, metrics: registry, logger: logger)
        } catch {
            try? await store.close()
            fresh.remove()
            switch error {
            case let error as ConfigurationError: throw refuse(error)
            case let error as InstallationRefusal: throw refuse(error.description)
            case let error as KeyStoreError: throw refuse("the keys directory cannot be used: \(error)")
            default:
                logger.critical("start-up failed", metadata: ["error": "\(String(reflecting: error))"])
                throw fail("start-up failed: \(error)")
            }
        }

        // In-flight requests get the grace period less a second; whatever still runs then is
        // cancelled, and the process ends at the grace period at the latest.
        let grace = Duration.seconds(config.server.shutdownGraceSeconds)
        var groupConfiguration = ServiceGroupConfiguration(
            services: [application, ShutdownDeadline(grace: grace, logger: logger)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        )
        groupConfiguration.maximumGracefulShutdownDuration = max(.zero, grace - .seconds(1))
        do {
            try await ServiceGroup(configuration: groupConfiguration).run()
        } catch {
            throw fail("stopped on \(config.server.host):\(config.server.port): \(error)")
        }
        logger.notice("stopped")
    }
}
