import Foundation
import PforteStore

/// The deletion of accounts unused for 36 months (seed 000 §2.5, design §4), a step of the
/// retention jobs: an announcement to the account's address a configurable time before, a
/// reminder a configurable time before the deletion, and the deletion itself. Any login clears
/// the announcement (``PforteStore/AccountStore/recordLogin(id:at:)``), so the way starts
/// afresh only after another period without use.
///
/// The sole admin of an organisation (seed 000 §2.5: "erst gelöscht, wenn das Organisationskonto
/// nach 36 Monaten ohne Nutzung gelöscht wird") is announced like anyone, but kept while the
/// organisation exists; the organisation's own inactivity deletion (``OrganisationRetention``)
/// runs first in the same job, so the account goes in the run that deletes its organisation.
///
/// Every step is idempotent: two nodes running it at once at most send a mail twice.
struct AccountInactivity {
    let environment: AccountEnvironment

    /// How many accounts one run handles per step; the rest follow in the next run.
    static let batch = 500

    struct Outcome {
        var notices = 0
        var reminders = 0
        var deleted = 0
    }

    func run(now: Date) async throws -> Outcome {
        let configuration = environment.configuration
        let (inactivity, notice, reminder) = (configuration.accountInactivity, configuration.accountDeletionNotice,
                                              configuration.accountDeletionReminder)
        let accounts = environment.accounts
        let deletionCutoff = now.addingTimeInterval(-inactivity)
        let months = Int((inactivity / (30.44 * 24 * 60 * 60)).rounded())
        var outcome = Outcome()

        for account in try await accounts.unusedAccounts(usedBefore: deletionCutoff.addingTimeInterval(notice), stage: .noNotice,
                                                         limit: Self.batch) {
            let deletion = max(Self.lastUse(account).addingTimeInterval(inactivity), now.addingTimeInterval(notice))
            let mail = try environment.mails.inactivityNotice(to: account.login, unusedMonths: months, deletionDate: deletion, reminder: false)
            if try await environment.mail.queueing([mail], now: now, with: {
                try await accounts.markInactivityNotice(id: account.id, reminder: false, at: now, mails: $0)
            }) { outcome.notices += 1 }
        }
        let remindFrom = now.addingTimeInterval(reminder - notice + 1)
        for account in try await accounts.unusedAccounts(usedBefore: deletionCutoff.addingTimeInterval(reminder),
                                                         stage: .noticeSentBefore(remindFrom), limit: Self.batch) {
            let announced = account.inactivityNoticeAt ?? now
            let deletion = max(Self.lastUse(account).addingTimeInterval(inactivity), announced.addingTimeInterval(notice))
            let mail = try environment.mails.inactivityNotice(to: account.login, unusedMonths: months, deletionDate: deletion, reminder: true)
            if try await environment.mail.queueing([mail], now: now, with: {
                try await accounts.markInactivityNotice(id: account.id, reminder: true, at: now, mails: $0)
            }) { outcome.reminders += 1 }
        }
        let due = InactivityStage.remindedBefore(notice: now.addingTimeInterval(1 - notice), reminder: now.addingTimeInterval(1 - reminder))
        for account in try await accounts.unusedAccounts(usedBefore: deletionCutoff, stage: due, limit: Self.batch) {
            guard try await environment.organisations.soleAdminOrganisations(accountID: account.id).isEmpty else { continue }
            if try await accounts.delete(id: account.id) { outcome.deleted += 1 }
        }
        return outcome
    }

    /// The last use the store orders by: the last login, else the activation, else the registration.
    static func lastUse(_ account: AccountRecord) -> Date {
        account.lastLoginAt ?? account.activatedAt ?? account.createdAt
    }
}
