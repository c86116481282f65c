import Foundation
import PforteCrypto
import PforteMail
import PforteStore

/// What every flow needs: the stores, the outbox, the settings, the clock and the derived keys.
/// One value, built once by ``AccountServices``, shared by the small services.
struct AccountEnvironment: Sendable {
    let configuration: AccountServicesConfiguration
    let accounts: any AccountStore
    let sessions: any SessionStore
    let loginHistory: any LoginHistoryStore
    let terms: any TermsStore
    let mailTokens: any MailTokenStore
    let throttles: any ThrottleStore
    let organisations: any OrganisationStore
    let invitations: any InvitationStore
    let sealingKeys: any AccountSealingKeyStore
    let eIDLinks: any EIDLinkStore
    let eIDTransactions: any EIDTransactionStore
    let serviceDesk: ServiceDeskStores
    let mail: MailQueue
    let keys: InstallationKeys
    let credentials: AccountCredentials
    let mails: AccountMails
    let now: @Sendable () -> Date
    /// A hash of a random password nobody knows (``AccountCredentials/unknownAccountHash(_:)``).
    /// A login for an unknown address is checked against it, so it costs the same Argon2id run
    /// as a wrong password for a known one and its timing does not reveal whether the address
    /// is registered.
    let unknownAccountHash: String

    var hasher: PasswordHasher { credentials.hasher }

    var throttle: Throttle {
        Throttle(store: throttles, pairPolicy: configuration.accountThrottle, addressPolicy: configuration.addressThrottle,
                 ceiling: configuration.failureCeiling, keys: keys)
    }

    /// Queues a message that no stored change causes; a link's mail goes with its token
    /// (``MailTokens/issue(_:purpose:accountID:sealedPayload:validity:replacingOutstanding:mails:)``).
    func send(_ message: MailMessage) async throws {
        try await mail.send([message], now: now())
    }

    /// Refuses a login to an account the service desk has locked (issue #22); every login
    /// path calls it once the credentials were right.
    func refuseIfLocked(_ accountID: String) async throws {
        if try await serviceDesk.desk.lock(of: accountID) != nil { throw AccountError(.accountLocked) }
    }

    /// The account the session belongs to; ``AccountError/Code/accountNotFound`` when it was
    /// deleted meanwhile (by the operator, or in another browser).
    func account(of session: AuthenticatedSession) async throws -> AccountRecord {
        guard let account = try await accounts.find(id: session.accountID.description) else {
            throw AccountError(.accountNotFound)
        }
        return account
    }

    /// Checks a password entered again to confirm a grave step (deleting the account or an
    /// organisation). A guess like a login, so throttled on the same counters (per login name
    /// and per client address), which a success resets for the account.
    ///
    /// - Throws: ``AccountError/Code/throttled(retryAfter:)``,
    ///   ``AccountError/Code/attemptsExhausted``, or ``AccountError/Code/invalidCredentials``
    ///   for a wrong password.
    func confirmPassword(_ password: String, of account: AccountRecord, clientAddress: String) async throws {
        let counters = throttle.passwordCounters(login: account.login, clientAddress: clientAddress)
        try await throttle.reserve(counters, now: now())
        guard credentials.isRight(password, hash: account.passwordHash) else {
            try await recordFailure(counters, login: account.login)
            throw AccountError(.invalidCredentials)
        }
        try await throttle.settle(counters, failed: false, now: now())
    }

    /// Settles a failed attempt; when it brought the account to its ceiling, mails the owner
    /// of `login` (if it is an active account) the unlock link. For an address without an
    /// account nothing is sent, and the caller's answer is the same either way.
    func recordFailure(_ counters: [ThrottleCounter], login: String) async throws {
        guard case .ceilingReached = try await throttle.settle(counters, failed: true, now: now()) else { return }
        try await AccountUnlockService(environment: self).sendUnlockLink(login: login)
    }
}
