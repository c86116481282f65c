import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// SOAP over HTTPS with mutual authentication (TR-03130 Part 1: the eService authenticates
/// with a TLS client certificate; the server's certificate is pinned to what the operator
/// configured, not to the system's CA list).
public final class HTTPSEIDTransport: EIDTransport {
    private let client: HTTPClient
    private let serverURL: URL
    /// Answers are a few kilobytes; anything far larger is not an eID-Server answer.
    private static let maximumResponseBytes = 1 << 20
    private static let timeout = TimeAmount.seconds(20)

    /// - Parameters:
    ///   - clientCertificatePEM: our TLS client certificate, optionally followed by its chain.
    ///   - trustedServerCertificatesPEM: the server's certificate or the CA that issued it; the
    ///     only trust anchors used.
    public init(
        serverURL: URL, clientCertificatePEM: String, clientKeyPEM: String, trustedServerCertificatesPEM: String
    ) throws {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(clientCertificatePEM.utf8)).map { .certificate($0) }
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(clientKeyPEM.utf8), format: .pem))
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(trustedServerCertificatesPEM.utf8)))
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls, redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: .seconds(10), read: Self.timeout)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.serverURL = serverURL
    }

    public func post(_ envelope: Data, soapAction: String) async throws(EIDError) -> Data {
        var request = HTTPClientRequest(url: serverURL.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "text/xml; charset=utf-8")
        // SOAP 1.1 §6.1.1: the SOAPAction header is a quoted URI.
        request.headers.add(name: "SOAPAction", value: "\"\(soapAction)\"")
        request.body = .bytes(ByteBuffer(bytes: envelope))
        do {
            let response = try await client.execute(request, timeout: Self.timeout)
            let body = try await response.body.collect(upTo: Self.maximumResponseBytes)
            guard response.status == .ok else {
                throw EIDError(.transport, debugReason: "HTTP \(response.status.code)")
            }
            return Data(body.readableBytesView)
        } catch let error as EIDError {
            throw error
        } catch let error as NIOSSLError {
            throw EIDError(.tls, debugReason: "\(error)")
        } catch let error as BoringSSLError {
            throw EIDError(.tls, debugReason: "\(error)")
        } catch {
            throw EIDError(.transport, debugReason: "\(error)")
        }
    }

    /// Closes the connection pool; call once when the node stops.
    public func shutdown() async throws {
        try await client.shutdown()
    }
}
