public import Foundation
public import PforteAccounts
public import PforteConfiguration
import PforteCore
import PforteCrypto
public import PforteMail
public import PforteStore

/// Builds the account services from the configuration: shared by `pforte serve` and
/// `pforte accounts`, so the operator's commands apply exactly the server's rules.
public enum AccountSetup {
    public static func configuration(_ config: PforteConfig) throws -> AccountServicesConfiguration {
        let throttle = config.throttle
        func policy(freeFailures: Int) throws -> ThrottlePolicy {
            try ThrottlePolicy(
                freeFailures: freeFailures, baseDelay: TimeInterval(throttle.baseDelaySeconds),
                maximumDelay: TimeInterval(throttle.maxDelaySeconds), window: TimeInterval(throttle.windowHours * 3600)
            )
        }
        return AccountServicesConfiguration(
            publicBaseURL: config.effectivePublicURL,
            sender: try MailSetup.sender(config),
            sessionLifetime: try SessionLifetime(
                idleTimeout: TimeInterval(config.sessions.idleTimeoutSeconds),
                absoluteLifetime: TimeInterval(config.sessions.maxLifetimeSeconds)
            ),
            levelMaxAges: LevelMaxAges([
                .substantiell: TimeInterval(config.sessions.substantiellMaxAgeSeconds),
                .hoch: TimeInterval(config.sessions.hochMaxAgeSeconds),
            ]),
            accountThrottle: try policy(freeFailures: throttle.freeFailuresPerAccount),
            addressThrottle: try policy(freeFailures: throttle.freeFailuresPerAddress),
            argon2: try Argon2Parameters(
                memoryKiB: config.passwords.argon2MemoryKiB, iterations: config.passwords.argon2Iterations,
                parallelism: config.passwords.argon2Parallelism
            ),
            accountInactivity: TimeInterval(config.retention.accountInactivityDays * 86_400),
            accountDeletionNotice: TimeInterval(config.retention.accountDeletionNoticeDays * 86_400),
            accountDeletionReminder: TimeInterval(config.retention.accountDeletionReminderDays * 86_400),
            failureCeiling: throttle.failureCeiling,
            mailDelivery: try MailDeliveryPolicy(
                firstRetryDelay: TimeInterval(config.mail.retryFirstDelaySeconds),
                maximumRetryDelay: TimeInterval(config.mail.retryMaxDelaySeconds),
                giveUpAfter: TimeInterval(config.mail.giveUpAfterHours * 3600)
            ),
            terms: try termsCatalog(config),
            termsAnnouncementLead: TimeInterval(config.terms.announcementDays * 24 * 3600)
        )
    }

    /// The operator's terms versions (`terms.versions_file`); without the file the placeholder
    /// version. A file that does not parse stops the start, naming its line.
    static func termsCatalog(_ config: PforteConfig) throws -> TermsCatalog {
        let path = config.terms.versionsFile
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return .placeholder }
        do {
            return try TermsCatalog.parse(text)
        } catch {
            throw ConfigurationError(key: "terms.versions_file", source: .file(path: path, line: error.line), reason: error.reason.rawValue)
        }
    }

    /// The services over `store`, queueing mail in the store for delivery through `outbox`
    /// (`delivery`), keyed by the installation secret in `paths.keys` (created on first use,
    /// like the signing keys).
    public static func services(_ config: PforteConfig, store: SQLStore, outbox: any Outbox, delivery: MailDelivery,
                                now: @escaping @Sendable () -> Date = PforteClock.system.now) throws -> AccountServices {
        let keys = KeyDirectory(url: URL(fileURLWithPath: config.paths.keys))
        return try AccountServices(
            configuration: try configuration(config), store: store, outbox: outbox, mailDelivery: delivery,
            installationSecret: try keys.installationSecret(), now: now
        )
    }
}
