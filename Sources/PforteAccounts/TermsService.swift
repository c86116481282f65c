import Foundation
public import PforteCore
public import PforteStore

/// The terms of use with privacy statement, and the organisation consent declaration (issue
/// #19 item 1; seeds 000 and 001): which version an account must still accept, its acceptance,
/// and the announcement of a coming version to every account a configured time before its day.
///
/// Seed 000: without accepting them "ist das Anlegen oder Fortführen eines Servicekontos nicht
/// möglich"; they apply to existing accounts after the first notice. An account that has not
/// accepted the version in force (also one older than this feature) is asked at its next login;
/// the organisation consent is asked of organisation admins. Accounts of another Land
/// (federated) are under their Land's terms and never asked.
public struct TermsService: Sendable {
    let environment: AccountEnvironment

    public var catalog: TermsCatalog { environment.configuration.terms }

    /// The version of `kind` in force now.
    public func current(_ kind: TermsKind) -> TermsVersion {
        catalog.current(kind, at: environment.now())
            ?? TermsCatalog.placeholder.current(kind, at: environment.now())!
    }

    /// The versions in force that the account has not accepted, citizen terms first: a version
    /// is asked for when the account accepted another one, or when it took effect after the
    /// account was made (after the admin role was granted, for the organisation consent). A registration accepts the version in force;
    /// accounts the operator made, or made before a versions file existed, are asked from the
    /// first version that takes effect after them (seed 000: the terms apply to existing
    /// accounts after notice).
    public func pending(accountID: String) async throws -> [TermsVersion] {
        guard let account = try await environment.accounts.find(id: accountID), account.status == .active else { return [] }
        var since: [(TermsKind, Date)] = [(.citizen, account.createdAt)]
        let adminSince = try await environment.organisations.memberships(accountID: accountID)
            .filter { $0.membership.role == OrganisationRole.admin.rawValue }.map(\.membership.grantedAt).min()
        if let adminSince { since.append((.organisation, adminSince)) }
        var pending: [TermsVersion] = []
        for (kind, start) in since {
            let version = current(kind)
            let accepted = try await environment.terms.acceptances(accountID: accountID, kind: kind.rawValue)
            guard !accepted.contains(where: { $0.version == version.id }) else { continue }
            // Having accepted another version, the account has not accepted this one, whenever it took effect.
            if version.effectiveFrom > start || !accepted.isEmpty { pending.append(version) }
        }
        return pending
    }

    /// Records the acceptance of the version in force of `kind`.
    ///
    /// - Throws: ``AccountError/Code/termsVersionMismatch`` when `versionID` is not that
    ///   version (an old page, or an altered form): nothing is recorded.
    public func accept(accountID: String, kind: TermsKind, versionID: String) async throws {
        guard versionID == current(kind).id else { throw AccountError(.termsVersionMismatch) }
        try await environment.terms.accept(TermsAcceptance(accountID: accountID, kind: kind.rawValue, version: versionID,
                                                           acceptedAt: environment.now()))
    }

    /// The account's acceptances of `kind`, oldest first (for its own view and the operator).
    public func acceptances(accountID: String, kind: TermsKind) async throws -> [TermsAcceptance] {
        try await environment.terms.acceptances(accountID: accountID, kind: kind.rawValue)
    }

    /// The acceptance given on the registration page, stored with the new account.
    func recordRegistration(accountID: String, _ accepted: AcceptedTerms) async throws {
        try await environment.terms.accept(TermsAcceptance(
            accountID: accountID, kind: TermsKind.citizen.rawValue, version: accepted.version,
            acceptedAt: environment.now(), guardianConsent: accepted.guardianConsent
        ))
    }

    /// Mails every active account (for the organisation consent: every organisation admin)
    /// once about each version whose day is at most the configured lead ahead. Run by the
    /// retention job on every node: the announcement record and the mail are written in one
    /// transaction, so each account is told once per version whichever node runs first.
    ///
    /// - Returns: how many accounts were told in this run.
    @discardableResult
    public func announce(batchSize: Int = 500) async throws -> Int {
        let now = environment.now()
        var told = 0
        for kind in TermsKind.allCases {
            for version in catalog.upcoming(kind, at: now, within: environment.configuration.termsAnnouncementLead) {
                while true {
                    let recipients = try await environment.terms.unannounced(
                        kind: kind.rawValue, version: version.id, onlyAdmins: kind == .organisation, limit: batchSize
                    )
                    if recipients.isEmpty { break }
                    for recipient in recipients {
                        let mail = try environment.mails.termsAnnouncement(to: recipient.login, version: version)
                        let marked = try await environment.mail.queueing([mail], now: now) {
                            try await environment.terms.markAnnounced(accountID: recipient.accountID, kind: kind.rawValue,
                                                                      version: version.id, at: now, mails: $0)
                        }
                        if marked { told += 1 }
                    }
                }
            }
        }
        return told
    }
}
