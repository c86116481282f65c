public import Foundation
import Hummingbird
import HummingbirdTLS
public import Logging
import NIOCore
import NIOSSL
public import PforteEID
public import ServiceLifecycle

/// The bundled eID-Server simulator: the TR-03130 Part 1 SOAP interface on one TLS listener
/// that requires a client certificate (as a real eID-Server does), and the card endpoint that
/// plays the eID-Client's card session on another TLS listener without one (the test driver
/// has no client certificate). For development and tests only; the connector cannot tell it
/// from a real server.
public final class EIDSimulator: Service, Sendable {
    public struct Configuration: Sendable {
        public var host: String
        /// 0 picks a free port (tests).
        public var soapPort: Int
        public var cardPort: Int
        public var tlsCertificatePEM: String
        public var tlsKeyPEM: String
        /// The CA (or certificates) the SOAP listener accepts client certificates from.
        public var trustedClientCertificatesPEM: String
        /// The simulator's signing key, and Pforte's signing certificate as the peer.
        public var keys: WSSecurityKeys

        public init(
            host: String = "127.0.0.1", soapPort: Int, cardPort: Int, tlsCertificatePEM: String, tlsKeyPEM: String,
            trustedClientCertificatesPEM: String, keys: WSSecurityKeys
        ) {
            self.host = host
            self.soapPort = soapPort
            self.cardPort = cardPort
            self.tlsCertificatePEM = tlsCertificatePEM
            self.tlsKeyPEM = tlsKeyPEM
            self.trustedClientCertificatesPEM = trustedClientCertificatesPEM
            self.keys = keys
        }

        /// The simulator's half of a development PKI.
        public init(developmentPKI pki: EIDDevelopmentPKI, host: String = "127.0.0.1", soapPort: Int, cardPort: Int) throws {
            self.init(
                host: host, soapPort: soapPort, cardPort: cardPort, tlsCertificatePEM: pki.simulatorTLS.certificatePEM,
                tlsKeyPEM: pki.simulatorTLS.keyPEM, trustedClientCertificatesPEM: pki.caCertificatePEM,
                keys: try WSSecurityKeys(
                    signingKeyPEM: pki.simulatorSigning.keyPEM, signingCertificatePEM: pki.simulatorSigning.certificatePEM,
                    peerCertificatePEM: pki.pforteSigning.certificatePEM
                )
            )
        }
    }

    /// Paths of the two endpoints.
    public static let soapPath = "/eID-Server"
    public static let cardPath = "/card"
    /// SOAP messages and card forms are small.
    private static let maximumBodyBytes = 1 << 20

    private let configuration: Configuration
    private let logger: Logger
    private let sessions = SimulatorSessions()
    private let bound = BoundAddresses()
    private let soap: SimulatorSOAP

    public init(configuration: Configuration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        let foreign = try EIDDevelopmentPKI.signingPair("foreign signer")
        let bound = self.bound
        soap = SimulatorSOAP(
            keys: configuration.keys,
            foreignKeys: try WSSecurityKeys(
                signingKeyPEM: foreign.keyPEM, signingCertificatePEM: foreign.certificatePEM,
                peerCertificatePEM: foreign.certificatePEM
            ),
            sessions: sessions, cardAddress: { await bound.card }
        )
    }

    /// The SOAP endpoint's URL (`eid.server_url`) and the card endpoint's, once both listen.
    public func addresses() async -> (soap: URL, card: URL) {
        await bound.waitForBoth()
    }

    /// The same, or `nil` while the listeners are not up (yet).
    public var currentAddresses: (soap: URL, card: URL)? {
        get async {
            guard let soap = await bound.soap, let card = await bound.card else { return nil }
            return (soap, card)
        }
    }

    public func run() async throws {
        let soapApplication = try application(
            port: configuration.soapPort, clientCertificates: true, path: Self.soapPath, listener: .soap
        ) { [soap] request in
            let (ok, body) = await soap.respond(to: request, now: Date())
            return (ok ? .ok : .internalServerError, "text/xml; charset=utf-8", body)
        }
        let card = CardEndpoint(sessions: sessions)
        let cardApplication = try application(
            port: configuration.cardPort, clientCertificates: false, path: Self.cardPath, listener: .card
        ) { body in
            let answer = await card.run(Self.formFields(body))
            return (HTTPResponse.Status(code: answer.status), "application/json", Data(answer.json.utf8))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await soapApplication.run() }
            group.addTask { try await cardApplication.run() }
            try await group.next()
            group.cancelAll()
        }
    }

    private func application(
        port: Int, clientCertificates: Bool, path: String, listener: BoundAddresses.Listener,
        handle: @escaping @Sendable (Data) async -> (HTTPResponse.Status, String, Data)
    ) throws -> some ApplicationProtocol {
        let router = Router()
        router.post(RouterPath(path)) { request, _ -> Response in
            let body = try await request.body.collect(upTo: Self.maximumBodyBytes)
            let (status, contentType, data) = await handle(Data(body.readableBytesView))
            return Response(
                status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
            )
        }
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(configuration.tlsCertificatePEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(configuration.tlsKeyPEM.utf8), format: .pem))
        )
        tls.minimumTLSVersion = .tlsv12
        // At shutdown each open connection gets a close_notify; a client that keeps an idle
        // connection without reading (the AusweisApp's HTTP library) never answers it, and
        // NIOSSL's default of 5 s would hold the process that long after SIGTERM.
        tls.shutdownTimeout = .milliseconds(500)
        if clientCertificates {
            tls.certificateVerification = .noHostnameVerification
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(configuration.trustedClientCertificatesPEM.utf8)))
        }
        let host = configuration.host
        let bound = self.bound
        return Application(
            router: router, server: try .tls(.http1(), tlsConfiguration: tls),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? port
                await bound.set(listener, URL(string: "https://\(host):\(port)\(path)")!)
            },
            logger: logger
        )
    }

    /// `application/x-www-form-urlencoded` (HTML 4.01 §17.13.4.1: `+` is a space).
    static func formFields(_ body: Data) -> [(String, String)] {
        var components = URLComponents()
        components.percentEncodedQuery = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "+", with: "%20")
        return (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }
    }
}

/// Where the listeners ended up (their ports may have been chosen by the system).
actor BoundAddresses {
    enum Listener: Sendable {
        case soap
        case card
    }

    private(set) var soap: URL?
    private(set) var card: URL?
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func set(_ listener: Listener, _ url: URL) {
        switch listener {
        case .soap: soap = url
        case .card: card = url
        }
        if soap != nil, card != nil {
            waiting.forEach { $0.resume() }
            waiting = []
        }
    }

    func waitForBoth() async -> (soap: URL, card: URL) {
        if soap == nil || card == nil {
            await withCheckedContinuation { waiting.append($0) }
        }
        return (soap!, card!)
    }
}
