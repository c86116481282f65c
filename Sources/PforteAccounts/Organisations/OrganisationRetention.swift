import Foundation
import PforteStore

/// The retention jobs of organisations, run by `pforte accounts purge` and the scheduler:
/// expired invitations, the yearly membership report (seed 001 3 b aa: sent to all admins,
/// then the entries are deleted), and the 3-year inactivity deletion after a notice
/// (design §4, seed 001 3 e). Every step is idempotent, so two nodes running it at once at most
/// send a mail twice.
struct OrganisationRetention {
    let environment: AccountEnvironment

    struct Outcome {
        var invitations = 0
        var auditReports = 0
        var deletionNotices = 0
        var deletedOrganisations = 0
    }

    func run(now: Date) async throws -> Outcome {
        var outcome = Outcome()
        let configuration = environment.configuration
        let organisations = environment.organisations
        let mails = OrganisationMails(environment.mails)
        let memberships = MembershipService(environment: environment)
        outcome.invitations = try await environment.invitations.purgeExpired(now: now)

        for organisation in try await organisations.auditReportsDue(reportedBefore: now.addingTimeInterval(-configuration.organisationAuditInterval)) {
            let entries = try await organisations.auditEntries(organisationID: organisation.id, upTo: now)
            let reports = try await memberships.admins(of: organisation.id).map {
                try mails.auditReport(to: $0.login, organisation: organisation.name, entries: entries)
            }
            try await environment.mail.queueing(reports, now: now) {
                try await organisations.completeAuditReport(organisationID: organisation.id, upTo: now, mails: $0)
            }
            outcome.auditReports += 1
        }

        let deletionCutoff = now.addingTimeInterval(-configuration.organisationInactivity)
        let noticeCutoff = deletionCutoff.addingTimeInterval(configuration.organisationDeletionNotice)
        for organisation in try await organisations.unused(since: noticeCutoff, noticeSentBefore: nil) {
            let deletionDate = organisation.lastUsedAt.addingTimeInterval(configuration.organisationInactivity)
            let notices = try await memberships.admins(of: organisation.id).map {
                try mails.deletionNotice(to: $0.login, organisation: organisation.name,
                                         deletionDate: max(deletionDate, now.addingTimeInterval(configuration.organisationDeletionNotice)))
            }
            try await environment.mail.queueing(notices, now: now) {
                try await organisations.markDeletionNotice(organisationID: organisation.id, at: now, mails: $0)
            }
            outcome.deletionNotices += 1
        }
        let noticeGiven = now.addingTimeInterval(-configuration.organisationDeletionNotice)
        for organisation in try await organisations.unused(since: deletionCutoff, noticeSentBefore: noticeGiven) {
            if try await organisations.delete(id: organisation.id) { outcome.deletedOrganisations += 1 }
        }
        return outcome
    }
}
