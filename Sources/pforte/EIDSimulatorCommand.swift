import ArgumentParser
import Foundation
import Logging
import PforteEIDSimulator
import PforteWeb
import ServiceLifecycle

/// `pforte eid-simulator`: the bundled eID-Server simulator on its own, for a Pforte started
/// with `eid.simulator=false` pointing at it, or for trying the interface by hand. `pforte
/// serve` starts one inside the process by default; this is the same simulator.
struct EIDSimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eid-simulator",
        abstract: "Run the bundled eID-Server simulator (development and tests only).",
        discussion: """
        Uses the development keys in <paths.keys>/eid-dev/ (generated if missing): configure Pforte with \
        eid.server_url=<printed SOAP URL>, eid.tls_client_certificate/key = pforte-tls.*.pem, \
        eid.server_tls_certificate = ca.cert.pem, eid.signing_certificate/key = pforte-signing.*.pem, \
        eid.server_signing_certificate = simulator-signing.cert.pem.
        """
    )

    @OptionGroup var options: ConfigOptions

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port of the SOAP endpoint (TLS with client certificate); 0 picks a free one.")
    var soapPort = 24730

    @Option(help: "Port of the card endpoint (TLS); 0 picks a free one.")
    var cardPort = 24731

    func run() async throws {
        let config = try options.load()
        Pforte.restrictNewFiles()
        PforteLogging.bootstrap(config.log)
        let logger = Logger(label: "pforte.eid-simulator")
        let directory = URL(fileURLWithPath: config.paths.keys).appendingPathComponent("eid-dev")
        let pki = try EIDDevelopmentPKI.loadOrCreate(in: directory)
        let simulator = try EIDSimulator(
            configuration: .init(developmentPKI: pki, host: host, soapPort: soapPort, cardPort: cardPort), logger: logger
        )
        let group = ServiceGroup(configuration: .init(
            services: [simulator], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
        ))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let (soap, card) = await simulator.addresses()
            logger.notice("eid simulator listening", metadata: [
                "soap_url": "\(soap.absoluteString)", "card_url": "\(card.absoluteString)", "keys": "\(directory.path)",
            ])
            try await tasks.waitForAll()
        }
    }
}
