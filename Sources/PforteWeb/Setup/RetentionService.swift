import Foundation
import Logging
import PforteAccounts
import ServiceLifecycle

/// Runs the retention jobs (unactivated registrations after 24 h, ended sessions, spent links,
/// old throttle counters, expired OIDC requests, codes and tokens, and the organisation jobs:
/// expired invitations, the yearly membership report, the inactivity notice and deletion; the
/// announcements of coming terms versions)
/// every `interval` while the server runs.
///
/// Every node runs it; the jobs are idempotent deletes, so two nodes purging at once only
/// repeat each other's work. A failed run is logged and retried at the next interval.
struct RetentionService: Service {
    let administration: AccountAdministration
    /// Announces coming terms versions (issue #19 item 1), once per account and version.
    let terms: TermsService
    let oidc: OIDCRetention
    let interval: Duration
    let logger: Logger
    let now: @Sendable () -> Date

    func run() async throws {
        await PeriodicJob.run(every: interval, logger: logger, failure: "retention jobs failed") { [administration, terms, oidc, logger, now] in
            let report = try await administration.runRetentionJobs()
            let termsAnnouncements = try await terms.announce()
            let oidcRows = try await oidc.purge(now: now())
            logger.info("retention jobs ran", metadata: [
                "unactivated_accounts": "\(report.unactivatedAccounts)", "sessions": "\(report.sessions)", "login_events": "\(report.loginEvents)",
                "mail_tokens": "\(report.mailTokens)", "throttle_counters": "\(report.throttleCounters)",
                "eid_steps": "\(report.eIDSteps)",
                "invitations": "\(report.invitations)", "organisation_reports": "\(report.organisationAuditReports)",
                "organisation_notices": "\(report.organisationDeletionNotices)",
                "organisations_deleted": "\(report.deletedOrganisations)",
                "inactivity_notices": "\(report.inactivityNotices)", "inactivity_reminders": "\(report.inactivityReminders)",
                "inactive_accounts_deleted": "\(report.deletedInactiveAccounts)",
                "mail_records": "\(report.mailRecords)", "oidc_rows": "\(oidcRows)",
                "terms_announcements": "\(termsAnnouncements)",
            ])
        }
    }
}
