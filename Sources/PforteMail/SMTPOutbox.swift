public import Logging
public import NIOCore
public import NIOPosix

/// The production outbox: delivers each message to an SMTP relay, one connection per message
/// (mail volume is a few messages per registration or reset; a pool would add state for
/// nothing).
///
/// `send` returns when the relay has accepted the message (`250` after `DATA`); any failure is
/// an ``SMTPError`` whose ``SMTPError/isTransient`` tells the caller whether retrying can help.
public struct SMTPOutbox: Outbox {
    public let configuration: SMTPConfiguration
    public let renderer: MessageRenderer
    private let logger: Logger
    private let eventLoopGroup: any EventLoopGroup

    public init(
        configuration: SMTPConfiguration,
        renderer: MessageRenderer,
        logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.configuration = configuration
        self.renderer = renderer
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
    }

    public func send(_ message: MailMessage) async throws {
        try await deliver(renderer.render(message), from: message.from, to: message.to)
    }

    /// Delivers an already rendered message; the envelope sender is `from`'s address.
    func deliver(_ message: RenderedMessage, from sender: MailAddress, to recipients: [MailAddress]) async throws(SMTPError) {
        guard configuration.security != .none || configuration.isLoopbackHost else {
            throw SMTPError(.plaintextRequiresLoopback, stage: .connect, detail: "security none is only allowed for a relay on loopback, not \(configuration.host)")
        }
        var logger = logger
        logger[metadataKey: "smtp_host"] = "\(configuration.host):\(configuration.port)"
        logger.debug("smtp connect")
        let transport = try await NIOSMTPTransport.connect(configuration, eventLoopGroup: eventLoopGroup)
        do {
            try await SMTPSession(configuration: configuration, transport: transport, logger: logger).deliver(message, from: sender, to: recipients)
        } catch {
            await transport.close()
            throw error
        }
        await transport.close()
        logger.debug("smtp message accepted", metadata: ["message_id": "\(message.messageID)"])
    }
}
