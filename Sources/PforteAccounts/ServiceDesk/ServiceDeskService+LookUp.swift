import Foundation
import PforteCore
import PforteStore

extension ServiceDeskService {
    /// How many queued messages the look-up opens to find the account's: the outbox is sealed
    /// per message, so it is searched by opening them.
    static let outboxScanLimit = 500

    /// The account `reference` names as the console shows it, recording the look-up in the
    /// audit trail unless `recorded` is false (the account shown again after an action, which
    /// is audited itself). Throws ``AccountError/Code/accountNotFound``.
    public func lookUp(_ reference: String, by actor: ServiceDeskActor, recorded: Bool = true) async throws -> AccountOverview {
        let account = try await account(reference)
        if recorded { try await recordLookUp(of: account.id, by: actor) }
        let now = environment.now()
        let lastLogin = try await environment.loginHistory.events(accountID: account.id, limit: 50)
            .first { $0.outcome == .succeeded }
            .map { AccountOverview.LastLogin(at: $0.occurredAt, method: AuthenticationMethod(rawValue: $0.method),
                                             level: TrustLevel(rawValue: $0.trustLevel)) }
        let sessions = try await environment.sessions.sessions(accountID: account.id, now: now).map { record in
            AccountOverview.Session(startedAt: record.createdAt, lastSeenAt: record.lastSeenAt,
                                    level: TrustLevel(rawValue: record.trustLevel) ?? .normal,
                                    methods: record.amr.compactMap(AuthenticationMethod.init(rawValue:)),
                                    browser: BrowserFamily(storedValue: record.browser))
        }
        let memberships = try await environment.organisations.memberships(accountID: account.id).map {
            AccountOverview.Membership(organisation: $0.organisation.name, role: $0.membership.role)
        }
        let consents = try await environment.serviceDesk.consents.list(accountID: account.id).map {
            AccountOverview.Consent(portal: $0.clientID, grantedAt: $0.grantedAt)
        } + environment.serviceDesk.samlConsents.list(accountID: account.id).map {
            AccountOverview.Consent(portal: $0.relyingParty, grantedAt: $0.grantedAt)
        }
        return AccountOverview(
            id: account.id, login: account.login,
            state: account.status == .federated ? .federated : account.status == .active ? .active : .notActivated,
            lock: try await environment.serviceDesk.desk.lock(of: account.id), isEIDVerified: account.isEIDVerified,
            createdAt: account.createdAt, lastLogin: lastLogin, sessions: sessions, memberships: memberships,
            consents: consents.sorted { $0.portal < $1.portal }, pendingMails: try await pendingMails(to: account.login)
        )
    }

    /// The account's messages still waiting in the outbox (queued or failed for now).
    private func pendingMails(to login: String) async throws -> [AccountOverview.PendingMail] {
        try await environment.mail.store.list(state: .queued, limit: Self.outboxScanLimit).compactMap { mail in
            switch try? environment.mail.content(of: mail) {
            case .message(let message) where message.to.contains(where: { $0.address.lowercased() == login }):
                AccountOverview.PendingMail(queuedAt: mail.createdAt, subject: message.subject, attempts: mail.attempts)
            case .passwordResetRequest(let address, _) where address.lowercased() == login:
                AccountOverview.PendingMail(queuedAt: mail.createdAt, subject: "password reset request", attempts: mail.attempts)
            default:
                nil
            }
        }
    }
}
