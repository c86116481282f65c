import Foundation

extension PforteConfig {
    /// Every configuration key Pforte understands. A key missing here is an error in the file
    /// and has no environment variable: typos are reported, never silently ignored.
    public static let settings: [ConfigurationSetting] = [
        ConfigurationSetting(
            "server.host", default: "127.0.0.1",
            "Address to listen on. Loopback by default so that a development instance is not reachable from the network; production nodes listen behind a TLS-terminating proxy."
        ) { config, text throws(SettingValueError) in config.server.host = try ValueParsing.nonEmpty(text) },
        ConfigurationSetting(
            "server.port", default: "8080",
            "TCP port to listen on."
        ) { config, text throws(SettingValueError) in config.server.port = try ValueParsing.integer(text, in: 1...65535) },
        ConfigurationSetting(
            "server.public_url", default: "http://<host>:<port>",
            "Absolute URL under which browsers and relying parties reach Pforte (the OIDC issuer, the base of SAML endpoints). Must be the https URL of the proxy in production; all nodes of one installation use the same value."
        ) { config, text throws(SettingValueError) in config.server.publicURL = try ValueParsing.baseURL(text) },
        ConfigurationSetting(
            "server.shutdown_grace_seconds", default: "30",
            "On SIGTERM/SIGINT, how long in-flight requests may take to finish before the process exits anyway."
        ) { config, text throws(SettingValueError) in config.server.shutdownGraceSeconds = try ValueParsing.integer(text, in: 0...3600) },
        ConfigurationSetting(
            "server.readiness_timeout_seconds", default: "3",
            "How long `GET /healthz` waits for the store before it answers 503. Keep it below the probe timeout of the load balancer or orchestrator, so a frozen database is reported rather than a probe that hangs."
        ) { config, text throws(SettingValueError) in config.server.readinessTimeoutSeconds = try ValueParsing.integer(text, in: 1...60) },
        ConfigurationSetting(
            "server.trusted_proxy_hops", default: "0",
            "Number of reverse proxies in front of Pforte that append the client's address to `X-Forwarded-For`. With 0 the header is ignored and the peer's address counts; with n the n-th address from the right is taken. Password throttling per client address depends on it: behind a proxy, 0 would make every user share the proxy's address."
        ) { config, text throws(SettingValueError) in config.server.trustedProxyHops = try ValueParsing.integer(text, in: 0...10) },
        ConfigurationSetting(
            "paths.data", default: "data",
            "Directory for the SQLite database and the development mail outbox, relative to the working directory unless absolute."
        ) { config, text throws(SettingValueError) in config.paths.data = try ValueParsing.nonEmpty(text) },
        ConfigurationSetting(
            "paths.keys", default: "keys",
            "Directory holding the signing keys and keyset.json (mode 0700, files 0600). Every node of an installation needs the same keys."
        ) { config, text throws(SettingValueError) in config.paths.keys = try ValueParsing.nonEmpty(text) },
        ConfigurationSetting(
            "paths.clients", default: "clients",
            "Directory of OIDC client files, one YAML file (`*.yaml`) per client, read and validated at start; a missing directory means none. Clients can also be registered in the store with `pforte clients add`; one client id in both places is refused. See docs/relying-parties.md."
        ) { config, text throws(SettingValueError) in config.paths.clients = try ValueParsing.nonEmpty(text) },
        ConfigurationSetting(
            "paths.metadata", default: "metadata",
            "Directory of SAML metadata. `sp/` in it holds one metadata file (`*.xml`) per trusted SP, optionally with settings for it in a YAML file of the same name (`*.yaml`); `federation/` likewise the other Länder's account IdPs (or a federation's signed aggregate) and their SPs. All are read and validated at start and on SIGHUP (a bad file refuses the start; on SIGHUP it keeps the files read before), a missing directory means none. Each node serves its own files; SPs and Länder for all nodes at once go into the store with `pforte metadata import` or `pforte metadata source add`. See metadata/README.md, docs/relying-parties.md and docs/federation.md."
        ) { config, text throws(SettingValueError) in config.paths.metadata = try ValueParsing.nonEmpty(text) },
        ConfigurationSetting(
            "paths.legal", default: "legal",
            "Directory of the operator's legal texts, one Markdown file per page and language: `impressum`, `datenschutz`, `nutzungsbedingungen` and `barrierefreiheit`, each as `<page>.de.md` and `<page>.en.md` (an English file missing: the German one is shown). Read at start; a page without a file shows the shipped placeholder, which says that it is one. Raw HTML and links other than https, http, mailto, tel and paths are shown as text. See docs/operations.md."
        ) { config, text throws(SettingValueError) in config.paths.legal = try ValueParsing.nonEmpty(text) },
        ConfigurationSetting(
            "branding.name", default: "(Servicekonto)",
            "The portal's name in every page's header and title, e.g. \"Amt24 Servicekonto\"; the same in both languages."
        ) { config, text throws(SettingValueError) in config.branding.name = text.trimmingCharacters(in: .whitespaces) },
        ConfigurationSetting(
            "branding.logo", default: "(none)",
            "A PNG, SVG or JPEG file (at most 512 KiB) shown left of the name in the header, served as `/static/logo`. Read at start; a missing or unsuitable file stops the start."
        ) { config, text throws(SettingValueError) in config.branding.logo = text },
        ConfigurationSetting(
            "branding.colour", default: "#00507a",
            "The main colour (`#rrggbb`) of links, the header rule and buttons. Buttons carry white text, so a colour with less than 4.5:1 contrast to white (WCAG 2.1 AA) is refused at start."
        ) { config, text throws(SettingValueError) in config.branding.colour = try BrandColour(parsing: text) },
        ConfigurationSetting(
            "store.driver", default: "sqlite",
            "`sqlite` (embedded, one node) or `postgres` (production, shared by several stateless nodes)."
        ) { config, text throws(SettingValueError) in config.store.driver = try ValueParsing.choice(text, of: StoreDriver.self) },
        ConfigurationSetting(
            "store.sqlite_path", default: "<paths.data>/pforte.sqlite",
            "SQLite database file (opened in WAL mode)."
        ) { config, text throws(SettingValueError) in config.store.sqlitePath = text },
        ConfigurationSetting(
            "store.postgres_url", default: "(none)",
            "postgres://user:password@host:port/database[?sslmode=require]; required when store.driver is postgres. Prefer the environment variable so the password stays out of files."
        ) { config, text throws(SettingValueError) in config.store.postgresURL = try ValueParsing.postgresURL(text) },
        ConfigurationSetting(
            "store.pool_size", default: "8",
            "Database connections per node. Keep nodes × pool_size below PostgreSQL's max_connections."
        ) { config, text throws(SettingValueError) in config.store.poolSize = try ValueParsing.integer(text, in: 1...256) },
        ConfigurationSetting(
            "store.statement_timeout_seconds", default: "5",
            "The longest one database statement may take, and the longest a request waits for a free connection. Enforced by Pforte (the connection is then closed and replaced) and, on PostgreSQL, also by the server (`statement_timeout`). A request that runs out of time is answered with 503: a \"try again\" page, `temporarily_unavailable` on OIDC endpoints."
        ) { config, text throws(SettingValueError) in config.store.statementTimeoutSeconds = try ValueParsing.integer(text, in: 1...300) },
        ConfigurationSetting(
            "store.transaction_timeout_seconds", default: "5",
            "The longest one transaction may take from its first statement; on PostgreSQL also the server's `idle_in_transaction_session_timeout`, so a transaction abandoned with its connection releases its locks."
        ) { config, text throws(SettingValueError) in config.store.transactionTimeoutSeconds = try ValueParsing.integer(text, in: 1...300) },
        ConfigurationSetting(
            "log.level", default: "info",
            "trace, debug, info, notice, warning, error or critical. debug logs SQL statements (never their bound values)."
        ) { config, text throws(SettingValueError) in
            config.log.level = try ValueParsing.oneOf(text, ["trace", "debug", "info", "notice", "warning", "error", "critical"])
        },
        ConfigurationSetting(
            "log.format", default: "json",
            "`json` (one object per line on stderr, for log shippers) or `text` (for people at a terminal)."
        ) { config, text throws(SettingValueError) in config.log.format = try ValueParsing.choice(text, of: LogFormat.self) },
        ConfigurationSetting(
            "passwords.argon2_memory_kib", default: "7168",
            "Argon2id memory cost in KiB. 7 MiB with 5 iterations is one of the OWASP-recommended settings (the one Keycloak uses). Raising it slows every login; stored hashes with other parameters are re-hashed at the next successful login."
        ) { config, text throws(SettingValueError) in config.passwords.argon2MemoryKiB = try ValueParsing.integer(text, in: 1024...4_194_304) },
        ConfigurationSetting(
            "passwords.argon2_iterations", default: "5",
            "Argon2id time cost (passes over memory)."
        ) { config, text throws(SettingValueError) in config.passwords.argon2Iterations = try ValueParsing.integer(text, in: 1...64) },
        ConfigurationSetting(
            "passwords.argon2_parallelism", default: "1",
            "Argon2id lanes. 1 keeps one login on one core, so concurrent logins scale across cores, and lets libsodium's optimised code compute it (more lanes are computed by libargon2's portable code, more than twice as slow per lane)."
        ) { config, text throws(SettingValueError) in config.passwords.argon2Parallelism = try ValueParsing.integer(text, in: 1...16) },
        ConfigurationSetting(
            "keys.retired_key_retention_hours", default: "48",
            "After a rotation, how long the previous key stays published for verification. Must exceed the longest lifetime of anything it signed (tokens, assertions, metadata caches)."
        ) { config, text throws(SettingValueError) in config.keys.retiredKeyRetentionHours = try ValueParsing.integer(text, in: 1...8760) },
        ConfigurationSetting(
            "mail.transport", default: "file",
            "`file` (development: each message becomes a .eml file in <paths.data>/outbox) or `smtp` (production: the relay below)."
        ) { config, text throws(SettingValueError) in config.mail.transport = try ValueParsing.choice(text, of: MailTransport.self) },
        ConfigurationSetting(
            "mail.from", default: "pforte@localhost",
            "Sender of every mail, `address` or `Display Name <address>`; its domain also names the Message-IDs."
        ) { config, text throws(SettingValueError) in config.mail.from = try ValueParsing.nonEmpty(text) },
        ConfigurationSetting(
            "mail.smtp_host", default: "localhost",
            "SMTP relay host name (or address)."
        ) { config, text throws(SettingValueError) in config.mail.smtpHost = try ValueParsing.nonEmpty(text) },
        ConfigurationSetting(
            "mail.smtp_port", default: "587 (465 for tls, 25 for none)",
            "SMTP relay port."
        ) { config, text throws(SettingValueError) in config.mail.smtpPort = try ValueParsing.integer(text, in: 1...65535) },
        ConfigurationSetting(
            "mail.smtp_security", default: "starttls_required",
            "`starttls_required` (STARTTLS, refuse relays without it), `starttls` (STARTTLS when offered), `tls` (TLS from the first byte, port 465) or `none` (only for a relay on loopback). Credentials are never sent unencrypted."
        ) { config, text throws(SettingValueError) in config.mail.smtpSecurity = try ValueParsing.choice(text, of: SMTPSecurity.self) },
        ConfigurationSetting(
            "mail.smtp_username", default: "(none)",
            "SMTP AUTH user (PLAIN, or LOGIN when only that is offered); no AUTH when empty."
        ) { config, text throws(SettingValueError) in config.mail.smtpUsername = text },
        ConfigurationSetting(
            "mail.smtp_password", default: "(none)",
            "SMTP AUTH password. Prefer the environment variable so it stays out of files."
        ) { config, text throws(SettingValueError) in config.mail.smtpPassword = text },
        ConfigurationSetting(
            "mail.smtp_ca_file", default: "(system trust store)",
            "PEM file with the certificates that may authenticate the relay (a private CA); the system trust store when empty."
        ) { config, text throws(SettingValueError) in config.mail.smtpCAFile = text },
        ConfigurationSetting(
            "mail.retry_first_delay_seconds", default: "60",
            "Every mail is queued in the store and sent in the background; one the relay did not take is tried again after this long, then after twice as long each time."
        ) { config, text throws(SettingValueError) in config.mail.retryFirstDelaySeconds = try ValueParsing.integer(text, in: 1...3600) },
        ConfigurationSetting(
            "mail.retry_max_delay_seconds", default: "3600",
            "The longest wait between two attempts to send a queued mail. Must not be shorter than mail.retry_first_delay_seconds."
        ) { config, text throws(SettingValueError) in config.mail.retryMaxDelaySeconds = try ValueParsing.integer(text, in: 1...86_400) },
        ConfigurationSetting(
            "mail.give_up_after_hours", default: "72",
            "A queued mail still not accepted this long after it was queued is marked failed (`pforte mail queue` lists and retries it); a permanent refusal (SMTP 5yz) at once. Must exceed mail.retry_max_delay_seconds."
        ) { config, text throws(SettingValueError) in config.mail.giveUpAfterHours = try ValueParsing.integer(text, in: 1...720) },
        ConfigurationSetting(
            "sessions.idle_timeout_seconds", default: "1200",
            "A login session ends after this long without a request (design §4: 20 minutes). The user is told why at the next visit."
        ) { config, text throws(SettingValueError) in config.sessions.idleTimeoutSeconds = try ValueParsing.integer(text, in: 1...86_400) },
        ConfigurationSetting(
            "sessions.max_lifetime_seconds", default: "43200",
            "A login session ends this long after the login, however active (12 hours). Must not be shorter than the idle timeout."
        ) { config, text throws(SettingValueError) in config.sessions.maxLifetimeSeconds = try ValueParsing.integer(text, in: 1...2_592_000) },
        ConfigurationSetting(
            "sessions.level_max_age_seconds.hoch", default: "3600",
            "How long a login with the online ID keeps a session at level hoch. After it the session goes on at the level its other logins justify, and a portal asking for hoch gets the card again; the citizen is told why. Not longer than sessions.max_lifetime_seconds has any effect."
        ) { config, text throws(SettingValueError) in config.sessions.hochMaxAgeSeconds = try ValueParsing.integer(text, in: 60...2_592_000) },
        ConfigurationSetting(
            "sessions.level_max_age_seconds.substantiell", default: "3600",
            "The same for level substantiell (a Land's login that asserts it)."
        ) { config, text throws(SettingValueError) in config.sessions.substantiellMaxAgeSeconds = try ValueParsing.integer(text, in: 60...2_592_000) },
        ConfigurationSetting(
            "throttle.free_failures_per_account", default: "3",
            "Wrong passwords or secret answers for one account from one client address that cost no delay; after them each attempt from that address waits a growing delay. Attempts from other addresses are not delayed by them (see throttle.failure_ceiling)."
        ) { config, text throws(SettingValueError) in config.throttle.freeFailuresPerAccount = try ValueParsing.integer(text, in: 0...1000) },
        ConfigurationSetting(
            "throttle.free_failures_per_address", default: "10",
            "The same, counted per client address across all accounts. Higher than per account because an office behind one NAT address collects many people's typos."
        ) { config, text throws(SettingValueError) in config.throttle.freeFailuresPerAddress = try ValueParsing.integer(text, in: 0...100_000) },
        ConfigurationSetting(
            "throttle.base_delay_seconds", default: "1",
            "The delay after the first failure beyond the free ones; it doubles with each further failure."
        ) { config, text throws(SettingValueError) in config.throttle.baseDelaySeconds = try ValueParsing.integer(text, in: 1...3600) },
        ConfigurationSetting(
            "throttle.max_delay_seconds", default: "900",
            "The longest delay. There is no lockout: nobody waits longer than this, so an attacker cannot lock the owner out."
        ) { config, text throws(SettingValueError) in config.throttle.maxDelaySeconds = try ValueParsing.integer(text, in: 1...86_400) },
        ConfigurationSetting(
            "throttle.window_hours", default: "24",
            "Failures are forgotten this long after the last one. Must exceed the longest delay, or waiting it out would reset the count."
        ) { config, text throws(SettingValueError) in config.throttle.windowHours = try ValueParsing.integer(text, in: 1...720) },
        ConfigurationSetting(
            "throttle.failure_ceiling", default: "100",
            "Consecutive wrong passwords (and, apart, wrong secret answers) of one account from any addresses after which none is checked until the owner follows the unlock link mailed at that moment, resets the password or logs in with the eID (NIST SP 800-63B: at most 100)."
        ) { config, text throws(SettingValueError) in config.throttle.failureCeiling = try ValueParsing.integer(text, in: 1...100) },
        ConfigurationSetting(
            "retention.interval_minutes", default: "10",
            "How often each node purges unactivated registrations older than 24 hours, ended sessions, used or expired links and old throttle counters (`pforte accounts purge` runs the same once), expired OIDC requests, codes and tokens, and expired SAML state (parked requests, logout rounds, session participants, remembered request IDs)."
        ) { config, text throws(SettingValueError) in config.retention.intervalMinutes = try ValueParsing.integer(text, in: 1...1440) },
        ConfigurationSetting(
            "terms.versions_file", default: "legal/terms-versions",
            "The versions of the terms of use with privacy statement (`citizen`) and of the organisation consent declaration (`organisation`): one line per version, `kind version-id effective-date document…`, the documents being files beside it (`name.de.md`, `name.en.md` or `name.md`). Missing: a placeholder version that says it is one. The version in force is asked for at registration and at the next login after its day."
        ) { config, text throws(SettingValueError) in config.terms.versionsFile = try ValueParsing.nonEmpty(text) },
        ConfigurationSetting(
            "terms.announcement_days", default: "42",
            "How many days before a new terms version takes effect the retention job mails every active account (the organisation consent: every organisation admin) once about it (seed 000 §5: changes are announced in advance)."
        ) { config, text throws(SettingValueError) in config.terms.announcementDays = try ValueParsing.integer(text, in: 1...365) },
        ConfigurationSetting(
            "retention.account_inactivity_days", default: "1096",
            "Accounts nobody logged in to for this many days (36 months, seed 000 §2.5; counted from the activation when there was no login) are deleted with all their data, after the notice and the reminder below. The sole admin of an organisation account is kept until the organisation itself is deleted for lack of use. Another Land's accounts are not affected."
        ) { config, text throws(SettingValueError) in config.retention.accountInactivityDays = try ValueParsing.integer(text, in: 30...3650) },
        ConfigurationSetting(
            "retention.account_deletion_notice_days", default: "60",
            "How many days before that deletion the owner is told by mail; any login until then stops the deletion. The deletion happens no earlier than this long after the notice."
        ) { config, text throws(SettingValueError) in config.retention.accountDeletionNoticeDays = try ValueParsing.integer(text, in: 2...365) },
        ConfigurationSetting(
            "retention.account_deletion_reminder_days", default: "14",
            "How many days before the deletion the reminder of the notice goes out; must be less than retention.account_deletion_notice_days."
        ) { config, text throws(SettingValueError) in config.retention.accountDeletionReminderDays = try ValueParsing.integer(text, in: 1...364) },
        ConfigurationSetting(
            "oidc.backchannel_logout_interval_seconds", default: "30",
            "How often each node looks for sessions that ended without a logout (idle timeout, absolute expiry, a new login, account deletion) and sends back-channel logout tokens to the clients that took part. An explicit logout notifies at once."
        ) { config, text throws(SettingValueError) in config.oidc.backchannelLogoutIntervalSeconds = try ValueParsing.integer(text, in: 1...3600) },
        ConfigurationSetting(
            "oidc.refresh_token_reuse_grace_seconds", default: "10",
            "How long after a refresh token was used a confidential client that authenticates may present it again and get a new token pair of the same family, instead of the whole family being revoked as a stolen copy (RFC 9700 §4.14.2): parallel refreshes of one portal page, and a retry after a lost response (a timeout at one node, the retry at another), present the same token. The tokens of the earlier answer stay valid. Public clients get no grace; 0 turns it off."
        ) { config, text throws(SettingValueError) in config.oidc.refreshTokenReuseGraceSeconds = try ValueParsing.integer(text, in: 0...60) },
        ConfigurationSetting(
            "saml.federation_certificate", default: "(none)",
            "PEM file of a federation's metadata signing certificate. When set, `pforte metadata import` accepts only metadata (an SP's or a Land's) whose document element carries a valid signature by it, and every metadata file of the Länder in `federation/` (one Land's `EntityDescriptor` or an aggregate `EntitiesDescriptor`, which requires it) must carry a valid signature by it, at import, at start and on SIGHUP. Metadata sources by URL name their certificate themselves (`pforte metadata source add --certificate`)."
        ) { config, text throws(SettingValueError) in config.saml.federationCertificate = text },
        ConfigurationSetting(
            "metadata.poll_interval_seconds", default: "5",
            "How often each node reads the version of the relying-party registry in the store (SAML SPs and Länder from `pforte metadata import`, metadata sources and the `metadata/` files) and, when it moved, rebuilds its SPs and Länder without a restart. OIDC clients of the store are read at each use and need no polling."
        ) { config, text throws(SettingValueError) in config.metadata.pollIntervalSeconds = try ValueParsing.integer(text, in: 1...3600) },
        ConfigurationSetting(
            "metadata.minimum_refresh_seconds", default: "300",
            "The shortest time between two fetches of one metadata source (`pforte metadata source add`), whatever its `cacheDuration` says, and the wait before a failed fetch is tried again; the last good copy is used meanwhile, until its `validUntil`. One node fetches a source at a time."
        ) { config, text throws(SettingValueError) in config.metadata.minimumRefreshSeconds = try ValueParsing.integer(text, in: 1...86_400) },
        ConfigurationSetting(
            "saml.request_max_age_seconds", default: "300",
            "How old (by its `IssueInstant`) a SAML request may be when it arrives; older ones are refused with an error page. Request IDs are remembered this long (plus twice the clock skew) to refuse replays."
        ) { config, text throws(SettingValueError) in config.saml.requestMaxAgeSeconds = try ValueParsing.integer(text, in: 10...3600) },
        ConfigurationSetting(
            "saml.clock_skew_seconds", default: "60",
            "Tolerated difference between an SP's clock and ours, in both directions, for `IssueInstant` and assertion validity."
        ) { config, text throws(SettingValueError) in config.saml.clockSkewSeconds = try ValueParsing.integer(text, in: 0...600) },
        ConfigurationSetting(
            "saml.assertion_lifetime_seconds", default: "300",
            "How long an assertion and its bearer confirmation are valid (`NotOnOrAfter`). The SP must consume it within this time."
        ) { config, text throws(SettingValueError) in config.saml.assertionLifetimeSeconds = try ValueParsing.integer(text, in: 30...3600) },
        ConfigurationSetting(
            "eid.enabled", default: "true",
            "Offer login with the Online-Ausweis (eID, trust level hoch). Off: no eID button, no eID-Server connection."
        ) { config, text throws(SettingValueError) in config.eid.enabled = try ValueParsing.boolean(text) },
        ConfigurationSetting(
            "eid.simulator", default: "true",
            "Use the bundled eID-Server simulator, started inside this process on free loopback ports with development keys generated into `<paths.keys>/eid-dev/`; the `eid.server_*`, `eid.tls_*` and `eid.signing_*` settings are then ignored. Development and tests only: refused with an https `server.public_url`, since anyone could then log in at level hoch as a test identity. See docs/eid.md."
        ) { config, text throws(SettingValueError) in config.eid.simulator = try ValueParsing.boolean(text) },
        ConfigurationSetting(
            "eid.server_url", default: "(none)",
            "https URL of the eID-Server's TR-03130 web-service endpoint (useID, getResult, getServerInfo), from the eID-Service provider."
        ) { config, text throws(SettingValueError) in config.eid.serverURL = try ValueParsing.httpsURL(text) },
        ConfigurationSetting(
            "eid.ecard_server_url", default: "(from useID)",
            "The eID-Server's PAOS address for the eID-Client (the TC Token's `ServerAddress`), used only when useID returns no `eCardServerAddress`."
        ) { config, text throws(SettingValueError) in config.eid.eCardServerURL = try ValueParsing.httpsURL(text) },
        ConfigurationSetting(
            "eid.tls_client_certificate", default: "(none)",
            "PEM file with Pforte's TLS client certificate for the eID-Server (optionally followed by its chain); the provider registers it."
        ) { config, text throws(SettingValueError) in config.eid.tlsClientCertificate = text },
        ConfigurationSetting(
            "eid.tls_client_key", default: "(none)",
            "PEM file with the private key of `eid.tls_client_certificate` (mode 0600)."
        ) { config, text throws(SettingValueError) in config.eid.tlsClientKey = text },
        ConfigurationSetting(
            "eid.server_tls_certificate", default: "(none)",
            "PEM file with the eID-Server's TLS certificate or the CA that issued it: the only trust anchor for that connection (the system trust store is not used)."
        ) { config, text throws(SettingValueError) in config.eid.serverTLSCertificate = text },
        ConfigurationSetting(
            "eid.signing_certificate", default: "(none)",
            "PEM file with the certificate of Pforte's WS-Security signing key (RSA, 2048 bits or more); the provider configures it to verify our requests."
        ) { config, text throws(SettingValueError) in config.eid.signingCertificate = text },
        ConfigurationSetting(
            "eid.signing_key", default: "(none)",
            "PEM file with Pforte's WS-Security signing key (mode 0600)."
        ) { config, text throws(SettingValueError) in config.eid.signingKey = text },
        ConfigurationSetting(
            "eid.server_signing_certificate", default: "(none)",
            "PEM file with the eID-Server's WS-Security signing certificate: answers not signed by its key are refused."
        ) { config, text throws(SettingValueError) in config.eid.serverSigningCertificate = text },
    ]
}
