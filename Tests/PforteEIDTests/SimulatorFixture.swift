import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOSSL
import PforteEID
import PforteEIDSimulator

/// A running simulator on free loopback ports and a connector configured for it, as the dev
/// instance wires them (real TLS with client certificates, WS-Security both ways).
struct SimulatorFixture {
    static let pki = Result { try EIDDevelopmentPKI.generate() }
    /// Another PKI, for keys and certificates the simulator does not trust.
    static let otherPKI = Result { try EIDDevelopmentPKI.generate() }

    let soapURL: URL
    let cardURL: URL
    let card: HTTPClient

    static func run(_ body: (SimulatorFixture) async throws -> Void) async throws {
        let pki = try pki.get()
        let simulator = try EIDSimulator(
            configuration: .init(developmentPKI: pki, soapPort: 0, cardPort: 0), logger: Logger(label: "eid-simulator-test")
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await simulator.run() }
            let (soap, card) = await simulator.addresses()
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(pki.caCertificatePEM.utf8)))
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
            do {
                try await body(SimulatorFixture(soapURL: soap, cardURL: card, card: client))
            } catch {
                try await client.shutdown()
                group.cancelAll()
                throw error
            }
            try await client.shutdown()
            group.cancelAll()
        }
    }

    /// A connector as Pforte builds it; `pki` and `signing` replace parts to provoke failures.
    func withConnector(
        tlsClient: EIDDevelopmentPKI.Pair? = nil, signing: EIDDevelopmentPKI.Pair? = nil,
        polling: EIDPolling = EIDPolling(attempts: 3, step: .milliseconds(20)),
        _ body: (EIDWebServiceConnector) async throws -> Void
    ) async throws {
        let pki = try Self.pki.get()
        let client = tlsClient ?? pki.pforteTLS
        let ours = signing ?? pki.pforteSigning
        let transport = try HTTPSEIDTransport(
            serverURL: soapURL, clientCertificatePEM: client.certificatePEM, clientKeyPEM: client.keyPEM,
            trustedServerCertificatesPEM: pki.caCertificatePEM
        )
        let keys = try WSSecurityKeys(
            signingKeyPEM: ours.keyPEM, signingCertificatePEM: ours.certificatePEM,
            peerCertificatePEM: pki.simulatorSigning.certificatePEM
        )
        try await body(EIDWebServiceConnector(transport: transport, keys: keys, polling: polling))
    }

    /// Plays the card session as the test driver (the Python "AusweisApp") does.
    func playCard(_ session: EIDSessionStart, fields: [(String, String)]) async throws -> (status: Int, json: String) {
        var request = HTTPClientRequest(url: (session.eCardServerAddress ?? cardURL).absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let form = ([("session", session.psk.id), ("psk", session.psk.key)] + fields)
            .map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            .joined(separator: "&")
        request.body = .bytes(ByteBuffer(string: form))
        let response = try await card.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 16)
        return (Int(response.status.code), String(buffer: body))
    }
}
