import Foundation
import Logging
import PforteConfiguration
import PforteEID
import PforteEIDSimulator
import ServiceLifecycle

/// Builds the eID connector from the configuration (issue #6): the real eID-Server from the
/// `eid.*` files, or — with `eid.simulator`, the development default — the bundled simulator
/// started in this process on free loopback ports, with development keys generated into
/// `<paths.keys>/eid-dev/`. The connector cannot tell the two apart.
struct EIDSetup: Sendable {
    let connector: any EIDConnector
    /// The TC Token's `ServerAddress` when useID returns no `eCardServerAddress`.
    let fallbackServerAddress: URL?
    /// What must run beside the HTTP server: the simulator, in development.
    let services: [any Service]

    /// `nil` when `eid.enabled` is off.
    static func make(_ configuration: PforteConfig, logger: Logger) throws -> EIDSetup? {
        guard configuration.eid.enabled else { return nil }
        if configuration.eid.simulator {
            return try simulated(configuration, logger: logger)
        }
        let eid = configuration.eid
        func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
        // `validateCombination` made sure these are set when the simulator is off.
        guard let serverURL = eid.serverURL else { return nil }
        let transport = try HTTPSEIDTransport(
            serverURL: serverURL, clientCertificatePEM: try read(eid.tlsClientCertificate),
            clientKeyPEM: try read(eid.tlsClientKey), trustedServerCertificatesPEM: try read(eid.serverTLSCertificate)
        )
        let keys = try WSSecurityKeys(
            signingKeyPEM: try read(eid.signingKey), signingCertificatePEM: try read(eid.signingCertificate),
            peerCertificatePEM: try read(eid.serverSigningCertificate)
        )
        logger.info("eid server configured", metadata: ["server_url": "\(serverURL.absoluteString)"])
        return EIDSetup(
            connector: EIDWebServiceConnector(transport: transport, keys: keys),
            fallbackServerAddress: eid.eCardServerURL, services: []
        )
    }

    private static func simulated(_ configuration: PforteConfig, logger: Logger) throws -> EIDSetup {
        let pki = try EIDDevelopmentPKI.loadOrCreate(
            in: URL(fileURLWithPath: configuration.paths.keys).appendingPathComponent("eid-dev")
        )
        let simulator = try EIDSimulator(
            configuration: .init(developmentPKI: pki, soapPort: 0, cardPort: 0),
            logger: Logger(label: "pforte.eid-simulator")
        )
        let transport = SimulatorTransport(simulator: simulator, pki: pki)
        let keys = try WSSecurityKeys(
            signingKeyPEM: pki.pforteSigning.keyPEM, signingCertificatePEM: pki.pforteSigning.certificatePEM,
            peerCertificatePEM: pki.simulatorSigning.certificatePEM
        )
        logger.notice("eid simulator enabled (development only: eid.simulator)")
        return EIDSetup(
            connector: EIDWebServiceConnector(transport: transport, keys: keys), fallbackServerAddress: nil,
            services: [simulator]
        )
    }
}

/// HTTPS to the in-process simulator, whose port is known only once it listens: the first
/// request waits for it. Same TLS and client certificate as towards a real eID-Server.
private actor SimulatorTransport: EIDTransport {
    private let simulator: EIDSimulator
    private let pki: EIDDevelopmentPKI
    private var transport: HTTPSEIDTransport?

    init(simulator: EIDSimulator, pki: EIDDevelopmentPKI) {
        self.simulator = simulator
        self.pki = pki
    }

    func post(_ envelope: Data, soapAction: String) async throws(EIDError) -> Data {
        try await connected().post(envelope, soapAction: soapAction)
    }

    private func connected() async throws(EIDError) -> HTTPSEIDTransport {
        if let transport { return transport }
        guard let url = await listeningSimulator() else {
            throw EIDError(.transport, debugReason: "the eID simulator is not running (its service was not started)")
        }
        do {
            let made = try HTTPSEIDTransport(
                serverURL: url, clientCertificatePEM: pki.pforteTLS.certificatePEM, clientKeyPEM: pki.pforteTLS.keyPEM,
                trustedServerCertificatesPEM: pki.caCertificatePEM
            )
            transport = made
            return made
        } catch {
            throw EIDError(.tls, debugReason: "\(error)")
        }
    }

    /// The SOAP URL once the simulator listens; `nil` if it does not within ten seconds —
    /// e.g. in router tests, which never run the application's services — rather than a hang.
    private func listeningSimulator() async -> URL? {
        for _ in 0..<100 {
            if let soap = await simulator.currentAddresses?.soap { return soap }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }
}
