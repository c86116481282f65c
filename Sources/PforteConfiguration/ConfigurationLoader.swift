public import Foundation

/// Builds a ``PforteConfig`` from, in increasing precedence: defaults, a YAML file, `PFORTE_*`
/// environment variables and command-line flags.
public struct ConfigurationLoader: Sendable {
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// - Parameters:
    ///   - file: a `pforte.yaml`; nil runs on defaults (the development instance).
    ///   - flags: values given on the command line, keyed by setting key, with the flag's name.
    public func load(file: URL?, flags: [String: (flag: String, value: String)] = [:]) throws(ConfigurationError) -> PforteConfig {
        let settingsByKey = Dictionary(uniqueKeysWithValues: PforteConfig.settings.map { ($0.key, $0) })
        var config = PforteConfig()

        if let file {
            let values = try YAMLSettingsReader.read(file: file)
            for value in values {
                guard let setting = settingsByKey[value.key] else {
                    throw ConfigurationError(key: value.key, source: .file(path: file.path, line: value.line), reason: "unknown key")
                }
                try apply(setting, value.text, to: &config, source: .file(path: file.path, line: value.line))
            }
        }

        for setting in PforteConfig.settings {
            if let text = environment[setting.environmentVariable] {
                try apply(setting, text, to: &config, source: .environment(variable: setting.environmentVariable))
            }
        }
        try rejectUnknownEnvironmentVariables()

        for (key, flag) in flags {
            guard let setting = settingsByKey[key] else { preconditionFailure("flag for unknown setting \(key)") }
            try apply(setting, flag.value, to: &config, source: .commandLine(flag: flag.flag))
        }

        try validateCombination(config)
        return config
    }

    private func apply(
        _ setting: ConfigurationSetting, _ text: String, to config: inout PforteConfig, source: ConfigurationError.Source
    ) throws(ConfigurationError) {
        do {
            try setting.apply(&config, text)
        } catch {
            throw ConfigurationError(key: setting.key, source: source, reason: error.reason)
        }
    }

    /// A misspelt `PFORTE_SERVER_PROT` would otherwise be ignored and the operator left
    /// wondering why the port did not change.
    private func rejectUnknownEnvironmentVariables() throws(ConfigurationError) {
        let known = Set(PforteConfig.settings.map(\.environmentVariable))
        let ignoredPrefixes = ["PFORTE_TEST_"]
        for name in environment.keys.sorted() where name.hasPrefix("PFORTE_") && !known.contains(name) {
            if ignoredPrefixes.contains(where: { name.hasPrefix($0) }) { continue }
            throw ConfigurationError(key: name, source: .environment(variable: name), reason: "unknown setting")
        }
    }

    private func validateCombination(_ config: PforteConfig) throws(ConfigurationError) {
        if config.store.driver == .postgres && config.store.postgresURL.isEmpty {
            throw ConfigurationError(
                key: "store.postgres_url", source: .combination,
                reason: "required when store.driver is postgres (set it or PFORTE_STORE_POSTGRES_URL)"
            )
        }
        if config.sessions.maxLifetimeSeconds < config.sessions.idleTimeoutSeconds {
            throw ConfigurationError(
                key: "sessions.max_lifetime_seconds", source: .combination,
                reason: "must not be shorter than sessions.idle_timeout_seconds (\(config.sessions.idleTimeoutSeconds))"
            )
        }
        if config.throttle.maxDelaySeconds < config.throttle.baseDelaySeconds {
            throw ConfigurationError(
                key: "throttle.max_delay_seconds", source: .combination,
                reason: "must not be below throttle.base_delay_seconds (\(config.throttle.baseDelaySeconds))"
            )
        }
        let retention = config.retention
        if retention.accountDeletionReminderDays >= retention.accountDeletionNoticeDays
            || retention.accountDeletionNoticeDays >= retention.accountInactivityDays {
            throw ConfigurationError(
                key: "retention.account_deletion_reminder_days", source: .combination,
                reason: "must be below retention.account_deletion_notice_days (\(retention.accountDeletionNoticeDays)), which must be below retention.account_inactivity_days (\(retention.accountInactivityDays))"
            )
        }
        // The simulator lets anyone log in at level hoch as a test identity: never where real
        // people are, which an https public URL indicates.
        if config.eid.enabled && config.eid.simulator && config.effectivePublicURL.scheme == "https" {
            throw ConfigurationError(
                key: "eid.simulator", source: .combination,
                reason: "must be off when server.public_url is https (configure the eID-Server, see docs/eid.md)"
            )
        }
        if config.eid.enabled && !config.eid.simulator {
            let required: [(String, Bool)] = [
                ("eid.server_url", config.eid.serverURL == nil),
                ("eid.tls_client_certificate", config.eid.tlsClientCertificate.isEmpty),
                ("eid.tls_client_key", config.eid.tlsClientKey.isEmpty),
                ("eid.server_tls_certificate", config.eid.serverTLSCertificate.isEmpty),
                ("eid.signing_certificate", config.eid.signingCertificate.isEmpty),
                ("eid.signing_key", config.eid.signingKey.isEmpty),
                ("eid.server_signing_certificate", config.eid.serverSigningCertificate.isEmpty),
            ]
            if let missing = required.first(where: \.1) {
                throw ConfigurationError(
                    key: missing.0, source: .combination, reason: "required when eid.enabled is on and eid.simulator is off"
                )
            }
        }
        if config.throttle.windowHours * 3600 <= config.throttle.maxDelaySeconds {
            throw ConfigurationError(
                key: "throttle.window_hours", source: .combination,
                reason: "must exceed throttle.max_delay_seconds (\(config.throttle.maxDelaySeconds) s)"
            )
        }
    }
}
