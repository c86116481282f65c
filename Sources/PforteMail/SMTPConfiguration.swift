import Foundation

/// How ``SMTPOutbox`` reaches the mail relay.
public struct SMTPConfiguration: Sendable {
    /// How the connection is protected.
    public enum Security: Sendable, Hashable {
        /// Plain TCP, upgraded with STARTTLS (RFC 3207) when the server offers it. Opportunistic:
        /// an attacker on the path can strip the offer, so use ``startTLSRequired`` when the
        /// relay is known to support TLS. Credentials are never sent unencrypted either way.
        case startTLSIfOffered
        /// Plain TCP, then STARTTLS; refuses to continue if the server does not offer it.
        /// The usual setting for port 587 (RFC 6409).
        case startTLSRequired
        /// TLS from the first byte, "SMTPS" on port 465 (RFC 8314 §3.3 prefers it).
        case implicitTLS
        /// No encryption at all. Only for tests against a relay on loopback: ``SMTPOutbox``
        /// refuses it for any other host, since mail carries activation and reset links.
        case none
    }

    /// Username and password for SMTP AUTH (RFC 4954).
    public struct Credentials: Sendable, Hashable, CustomStringConvertible {
        public let username: String
        public let password: String

        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }

        /// Never the password, whoever prints the configuration.
        public var description: String { "\(username):<redacted>" }
    }

    /// Which certificates authenticate the server.
    public enum TrustRoots: Sendable, Hashable {
        /// The operating system's CA store.
        case system
        /// Only the PEM certificates in this file: a private CA, or a test's self-signed cert.
        case pemFile(String)
    }

    public var host: String
    public var port: Int
    public var security: Security
    /// Nil: no AUTH.
    public var credentials: Credentials?
    /// Send credentials over an unencrypted connection. Only for loopback tests; never set it
    /// in production (AUTH PLAIN and LOGIN are base64, i.e. cleartext).
    public var allowsCredentialsWithoutTLS: Bool
    /// Our name in EHLO/HELO (RFC 5321 §4.1.1.1: the client's fully-qualified domain name).
    public var heloName: String
    public var trustRoots: TrustRoots
    /// Time allowed to establish the TCP connection.
    public var connectTimeout: Duration
    /// Time allowed for each reply, including the TLS handshake and the reply to the end of
    /// DATA. Shorter than RFC 5321 §4.5.3.2's minutes: a user is waiting for the page that
    /// says the mail is on its way, and a relay that slow is better reported as down.
    public var replyTimeout: Duration

    public init(
        host: String,
        port: Int,
        security: Security,
        credentials: Credentials? = nil,
        allowsCredentialsWithoutTLS: Bool = false,
        heloName: String = "localhost",
        trustRoots: TrustRoots = .system,
        connectTimeout: Duration = .seconds(10),
        replyTimeout: Duration = .seconds(60)
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.credentials = credentials
        self.allowsCredentialsWithoutTLS = allowsCredentialsWithoutTLS
        self.heloName = heloName
        self.trustRoots = trustRoots
        self.connectTimeout = connectTimeout
        self.replyTimeout = replyTimeout
    }

    /// Whether `host` is this machine: `localhost`, 127.0.0.0/8 or ::1. The only hosts for
    /// which ``Security/none`` is accepted.
    public var isLoopbackHost: Bool {
        let host = host.lowercased().trimmingCharacters(in: ["[", "]"])
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
