import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// SOAP over HTTPS with mutual authentication (TR-03130 Part 1: the eService authenticates
/// with a TLS client certificate; the server's certificate is pinned to what the operator
/// configured, not to the system's CA list).
///
/// Requests go through the process-wide `HTTPClient.shared`, each with this transport's TLS
/// configuration (connections are pooled per configuration), so there is no client whose
/// shutdown someone must remember.
public struct HTTPSEIDTransport: EIDTransport {
    private let tls: TLSConfiguration
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
        self.tls = tls
        self.serverURL = serverURL
    }

    public func post(_ envelope: Data, soapAction: String) async throws(EIDError) -> Data {
        var request = HTTPClientRequest(url: serverURL.absoluteString)
        request.method = .POST
        request.tlsConfiguration = tls
        request.headers.add(name: "Content-Type", value: "text/xml; charset=utf-8")
        // SOAP 1.1 §6.1.1: the SOAPAction header is a quoted URI.
        request.headers.add(name: "SOAPAction", value: "\"\(soapAction)\"")
        request.body = .bytes(ByteBuffer(bytes: envelope))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: Self.timeout)
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
}
