import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// ``SMTPTransport`` over a SwiftNIO TCP channel, with NIOSSL for implicit TLS and STARTTLS.
final class NIOSMTPTransport: SMTPTransport {
    private let channel: any Channel
    private let tlsContext: NIOSSLContext?
    private let serverHostname: String?
    private let replyTimeout: TimeAmount

    private init(channel: any Channel, tlsContext: NIOSSLContext?, serverHostname: String?, replyTimeout: TimeAmount) {
        self.channel = channel
        self.tlsContext = tlsContext
        self.serverHostname = serverHostname
        self.replyTimeout = replyTimeout
    }

    /// Opens the TCP connection (and, for implicit TLS, starts the handshake at once).
    static func connect(_ configuration: SMTPConfiguration, eventLoopGroup: any EventLoopGroup) async throws(SMTPError) -> NIOSMTPTransport {
        let tlsContext = try makeTLSContext(configuration)
        // SNI carries host names only (RFC 6066 §3); for an address NIOSSL checks the
        // certificate's IP entries against the peer address instead.
        let serverHostname = isIPAddress(configuration.host) ? nil : configuration.host
        let implicitTLS = configuration.security == .implicitTLS ? tlsContext : nil
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: implicitTLS, serverHostname: serverHostname))
                    }
                    try channel.pipeline.syncOperations.addHandler(SMTPReplyHandler())
                }
            }
        do {
            let channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
            return NIOSMTPTransport(channel: channel, tlsContext: tlsContext, serverHostname: serverHostname, replyTimeout: TimeAmount(configuration.replyTimeout))
        } catch {
            throw SMTPError(.connectionFailed, stage: .connect, detail: "\(configuration.host):\(configuration.port): \(error)")
        }
    }

    func write(_ octets: [UInt8]) async throws(SMTPError) {
        do {
            try await channel.writeAndFlush(channel.allocator.buffer(bytes: octets)).get()
        } catch {
            throw SMTPError(.connectionClosed, detail: "write failed: \(error)")
        }
    }

    func readReply() async throws(SMTPError) -> SMTPReply {
        let channel = channel
        let timeout = replyTimeout
        do {
            return try await channel.eventLoop.flatSubmit {
                do {
                    return try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self).nextReply(on: channel.eventLoop, timeout: timeout)
                } catch {
                    return channel.eventLoop.makeFailedFuture(SMTPError(.connectionClosed, detail: "\(error)"))
                }
            }.get()
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError(.connectionClosed, detail: "\(error)")
        }
    }

    func startTLS() async throws(SMTPError) {
        guard let tlsContext else { throw SMTPError(.invalidConfiguration, stage: .startTLS, detail: "no TLS context") }
        let channel = channel
        let serverHostname = serverHostname
        let timeout = replyTimeout
        do {
            try await channel.eventLoop.flatSubmit {
                do {
                    let handler = try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self)
                    guard !handler.hasBufferedInput else {
                        throw SMTPError(.unexpectedDataBeforeTLS, stage: .startTLS, detail: "the server sent data after its 220 to STARTTLS")
                    }
                    let handshake = handler.handshakeCompleted(on: channel.eventLoop, timeout: timeout)
                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname), position: .first)
                    return handshake
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }.get()
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError(.tlsFailed, stage: .startTLS, detail: "\(error)")
        }
    }

    func close() async {
        try? await channel.close().get()
    }

    /// TLS 1.2 or later, certificate and host name verified against the configured roots.
    private static func makeTLSContext(_ configuration: SMTPConfiguration) throws(SMTPError) -> NIOSSLContext? {
        guard configuration.security != .none else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if case .pemFile(let path) = configuration.trustRoots {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(path))
            } catch {
                throw SMTPError(.invalidConfiguration, detail: "cannot read CA file \(path): \(error)")
            }
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw SMTPError(.invalidConfiguration, detail: "TLS set-up failed: \(error)")
        }
    }

    private static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host.trimmingCharacters(in: ["[", "]"]), port: 0)) != nil
    }
}
