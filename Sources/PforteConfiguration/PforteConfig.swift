public import Foundation

/// The whole configuration of one Pforte node, after defaults, the YAML file, `PFORTE_*`
/// environment variables and command-line flags have been applied (in that order).
///
/// Every field has a default that yields a working development instance, so `pforte serve`
/// runs with no configuration at all (design §1). What each field means, and why its default
/// was chosen, is written once, in ``PforteConfig/settings``.
public struct PforteConfig: Sendable, Equatable {
    public var server = Server()
    public var paths = Paths()
    public var store = Store()
    public var log = Log()
    public var passwords = Passwords()
    public var keys = Keys()
    public var mail = Mail()
    public var sessions = Sessions()
    public var throttle = Throttle()
    public var retention = Retention()
    public var terms = Terms()
    public var oidc = OIDC()
    public var saml = SAML()
    public var metadata = Metadata()
    public var eid = EID()
    public var branding = Branding()

    public init() {}

    public struct Server: Sendable, Equatable {
        public var host = "127.0.0.1"
        public var port = 8080
        /// The URL under which browsers and relying parties reach this node; empty means
        /// `http://host:port`. It becomes the OIDC issuer and the SAML entity ID base.
        public var publicURL: URL?
        public var shutdownGraceSeconds = 30
        public var readinessTimeoutSeconds = 3
        /// Reverse proxies in front of Pforte whose `X-Forwarded-For` entries are trusted.
        public var trustedProxyHops = 0
    }

    public struct Paths: Sendable, Equatable {
        public var data = "data"
        public var keys = "keys"
        public var clients = "clients"
        public var metadata = "metadata"
        public var legal = "legal"
    }

    /// The operator's look of the pages, without touching templates.
    public struct Branding: Sendable, Equatable {
        /// Empty: the catalogues' "Servicekonto".
        public var name = ""
        /// Empty: no logo.
        public var logo = ""
        public var colour = BrandColour.standard
    }

    public enum StoreDriver: String, Sendable, CaseIterable {
        case sqlite
        case postgres
    }

    public struct Store: Sendable, Equatable {
        public var driver = StoreDriver.sqlite
        /// Empty means `<paths.data>/pforte.sqlite`.
        public var sqlitePath = ""
        public var postgresURL = ""
        public var poolSize = 8
        public var statementTimeoutSeconds = 5
        public var transactionTimeoutSeconds = 5
    }

    public enum LogFormat: String, Sendable, CaseIterable {
        case json
        case text
    }

    public struct Log: Sendable, Equatable {
        public var level = "info"
        public var format = LogFormat.json
    }

    public struct Passwords: Sendable, Equatable {
        public var argon2MemoryKiB = 7168
        public var argon2Iterations = 5
        public var argon2Parallelism = 1
    }

    public struct Keys: Sendable, Equatable {
        public var retiredKeyRetentionHours = 48
    }

    public struct Sessions: Sendable, Equatable {
        public var idleTimeoutSeconds = 20 * 60
        public var maxLifetimeSeconds = 12 * 60 * 60
        /// How long an authentication at `substantiell` keeps that level (issue #15).
        public var substantiellMaxAgeSeconds = 60 * 60
        /// How long an authentication with the online ID (`hoch`) keeps that level (issue #15).
        public var hochMaxAgeSeconds = 60 * 60
    }

    public struct Throttle: Sendable, Equatable {
        public var freeFailuresPerAccount = 3
        public var freeFailuresPerAddress = 10
        public var baseDelaySeconds = 1
        public var maxDelaySeconds = 15 * 60
        public var windowHours = 24
        public var failureCeiling = 100
    }

    public struct Retention: Sendable, Equatable {
        public var intervalMinutes = 10
        /// Seed 000 §2.5: 36 months.
        public var accountInactivityDays = 1096
        public var accountDeletionNoticeDays = 60
        public var accountDeletionReminderDays = 14
    }

    public struct Terms: Sendable, Equatable {
        public var versionsFile = "legal/terms-versions"
        public var announcementDays = 42
    }

    public struct OIDC: Sendable, Equatable {
        public var backchannelLogoutIntervalSeconds = 30
        public var refreshTokenReuseGraceSeconds = 10
    }

    public struct SAML: Sendable, Equatable {
        /// Empty: SP metadata is imported without a signature check.
        public var federationCertificate = ""
        public var requestMaxAgeSeconds = 300
        public var clockSkewSeconds = 60
        public var assertionLifetimeSeconds = 300
    }

    /// The relying-party registry and its metadata sources (issue #21).
    public struct Metadata: Sendable, Equatable {
        public var pollIntervalSeconds = 5
        public var minimumRefreshSeconds = 300
    }

    /// The eID-Server connection (issue #6). Files are PEM; with `simulator` on (the default)
    /// the bundled simulator and generated development keys are used instead of the files.
    public struct EID: Sendable, Equatable {
        public var enabled = true
        public var simulator = true
        public var serverURL: URL?
        public var eCardServerURL: URL?
        public var tlsClientCertificate = ""
        public var tlsClientKey = ""
        public var serverTLSCertificate = ""
        public var signingCertificate = ""
        public var signingKey = ""
        public var serverSigningCertificate = ""
    }

    public enum MailTransport: String, Sendable, CaseIterable {
        case file
        case smtp
    }

    public enum SMTPSecurity: String, Sendable, CaseIterable {
        case starttls
        case starttlsRequired = "starttls_required"
        case tls
        case none
    }

    public struct Mail: Sendable, Equatable {
        public var transport = MailTransport.file
        /// `address` or `Display Name <address>`.
        public var from = "pforte@localhost"
        public var smtpHost = "localhost"
        /// Nil: 587, or 465 for `tls`, 25 for `none`.
        public var smtpPort: Int?
        public var smtpSecurity = SMTPSecurity.starttlsRequired
        /// Empty: no AUTH.
        public var smtpUsername = ""
        public var smtpPassword = ""
        /// Empty: the system's trust store.
        public var smtpCAFile = ""
        public var retryFirstDelaySeconds = 60
        public var retryMaxDelaySeconds = 3600
        public var giveUpAfterHours = 72
    }
}

extension PforteConfig {
    /// The public base URL, derived from host and port when none is configured.
    public var effectivePublicURL: URL {
        if let url = server.publicURL { return url }
        let host = server.host.contains(":") ? "[\(server.host)]" : server.host
        return URL(string: "http://\(host):\(server.port)")!
    }

    /// The SQLite file, relative paths resolved against the working directory by the caller.
    public var effectiveSQLitePath: String {
        store.sqlitePath.isEmpty ? (paths.data as NSString).appendingPathComponent("pforte.sqlite") : store.sqlitePath
    }
}
