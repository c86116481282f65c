/// The step of an SMTP session (RFC 5321 §3) during which something failed.
public enum SMTPStage: String, Sendable {
    case connect
    case greeting
    case ehlo
    case helo
    case startTLS = "starttls"
    case authentication
    case mailFrom = "mail_from"
    case recipient
    case data
    /// The reply to the end of `DATA`: the server's verdict on the message itself.
    case message
    case quit
}

/// Why an SMTP delivery failed.
///
/// A refusal by the server is ``Code/rejected`` with the reply, whose class says whether to
/// retry: 4yz replies are transient (greylisting, a full queue), 5yz permanent (unknown
/// recipient, authentication failed), RFC 5321 §4.2.1. The other codes are failures on our side
/// of the conversation or of the network.
public struct SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The server answered with a failure (or an unexpected) reply; see ``reply``.
        case rejected
        /// The server's bytes are not a valid reply.
        case malformedReply = "malformed_reply"
        /// TCP connection refused, unreachable or name not resolved.
        case connectionFailed = "connection_failed"
        /// The server closed the connection in the middle of the session.
        case connectionClosed = "connection_closed"
        /// No reply within the configured time.
        case timeout
        /// TLS handshake or certificate verification failed.
        case tlsFailed = "tls_failed"
        /// The server sent data after its `220` to STARTTLS, before the handshake
        /// (a plaintext injection attempt, RFC 3207 §5).
        case unexpectedDataBeforeTLS = "unexpected_data_before_tls"
        /// ``SMTPConfiguration/Security/startTLSRequired``, but the server offers no STARTTLS.
        case startTLSNotOffered = "starttls_not_offered"
        /// Credentials are configured but the connection is not encrypted.
        case credentialsRequireTLS = "credentials_require_tls"
        /// Credentials are configured but the server offers neither AUTH PLAIN nor AUTH LOGIN.
        case authenticationNotOffered = "authentication_not_offered"
        /// ``SMTPConfiguration/Security/none`` to a host that is not loopback.
        case plaintextRequiresLoopback = "plaintext_requires_loopback"
        /// The configuration cannot work (e.g. an unreadable CA file).
        case invalidConfiguration = "invalid_configuration"
    }

    public let code: Code
    public let stage: SMTPStage?
    /// The server's reply, for ``Code/rejected``.
    public let reply: SMTPReply?
    public let detail: String

    /// Public so that a transport or a test elsewhere reports in the same terms.
    public init(_ code: Code, stage: SMTPStage? = nil, reply: SMTPReply? = nil, detail: String = "") {
        self.code = code
        self.stage = stage
        self.reply = reply
        self.detail = detail
    }

    static func rejected(_ reply: SMTPReply, at stage: SMTPStage) -> SMTPError {
        SMTPError(.rejected, stage: stage, reply: reply)
    }

    /// Whether trying again later may succeed: 4yz replies and network trouble. Everything else
    /// (5yz replies, configuration and protocol errors) needs a person to change something.
    public var isTransient: Bool {
        if let reply { return reply.isTransientFailure }
        return [.connectionFailed, .connectionClosed, .timeout].contains(code)
    }

    /// A 5yz reply: the server refused for good.
    public var isPermanent: Bool { reply?.isPermanentFailure ?? false }

    public var description: String {
        var parts = ["SMTP \(code.rawValue)"]
        if let stage { parts.append("at \(stage.rawValue)") }
        if let reply { parts.append("(\(isPermanent ? "permanent" : isTransient ? "transient" : "unexpected") reply \(reply))") }
        if !detail.isEmpty { parts.append(detail) }
        return parts.joined(separator: " ")
    }
}
