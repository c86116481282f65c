import Foundation
import PforteCore
import PforteStore

/// Limits on guessing passwords and secret answers (issue #18), counted in the shared
/// ``ThrottleStore`` so that spreading guesses over nodes or sending them at once gains nothing.
///
/// Three counters judge each attempt, passwords and answers apart:
/// - **the account from this client address** (the pair): growing waits after a few free
///   failures (``AccountServicesConfiguration/accountThrottle``). Only guesses from this address
///   slow this address down, so an attacker elsewhere never delays the owner;
/// - **the client address**, across all accounts (``AccountServicesConfiguration/addressThrottle``):
///   one address cannot guess through many accounts;
/// - **the account**, from anywhere: no waits, but a ceiling of consecutive failures
///   (``AccountServicesConfiguration/failureCeiling``, NIST SP 800-63B §5.2.2: at most 100).
///   At the ceiling no password (or answer) is checked until the owner follows the unlock
///   link mailed at that moment, completes a password reset, or logs in with the eID.
///
/// The password counters of the account are keyed by the login name (a keyed hash of it), not
/// the account id: guesses against an unregistered address meet exactly the same limits, and
/// the answers reveal nothing.
struct Throttle: Sendable {
    /// What is counted. The raw values are stored; never change one.
    enum Scope: String, CaseIterable {
        case loginPair = "login.pair"
        case loginAddress = "login.address"
        case loginAccount = "login.account"
        case answerPair = "reset.answer.pair"
        case answerAddress = "reset.answer.address"
        case answerAccount = "reset.answer.account"
        /// A member of the service desk's password from one address (issue #22).
        case staffPasswordPair = "staff.password.pair"
        /// A member's second-factor codes, from anywhere.
        case staffCode = "staff.code"

        /// Ceilings are forgotten only by a success or an unlock, never by age.
        var isCeiling: Bool { self == .loginAccount || self == .answerAccount }
    }

    /// What an attempt's settlement changed.
    enum Settlement {
        case recorded
        /// This failure brought the account to its ceiling.
        case ceilingReached
    }

    let store: any ThrottleStore
    let pairPolicy: ThrottlePolicy
    let addressPolicy: ThrottlePolicy
    let ceiling: Int
    let keys: InstallationKeys

    /// The counters of a password attempt for `login` from `clientAddress`.
    func passwordCounters(login: String, clientAddress: String) -> [ThrottleCounter] {
        [counter(.loginPair, keys.throttleKey(login + "\n" + clientAddress, kind: "login-pair")),
         counter(.loginAddress, keys.throttleKey(clientAddress, kind: "address")),
         counter(.loginAccount, accountKey(login: login))]
    }

    /// The counters of a secret-answer attempt for the account `accountID` from `clientAddress`.
    func answerCounters(accountID: String, clientAddress: String) -> [ThrottleCounter] {
        [counter(.answerPair, keys.throttleKey(accountID + "\n" + clientAddress, kind: "answer-pair")),
         counter(.answerAddress, keys.throttleKey(clientAddress, kind: "address")),
         counter(.answerAccount, accountID)]
    }

    /// The counters of a console password attempt: the address and login pair, and the
    /// address across all logins, citizens' included.
    func staffPasswordCounters(email: String, clientAddress: String) -> [ThrottleCounter] {
        [counter(.staffPasswordPair, keys.throttleKey(email + "\n" + clientAddress, kind: "staff-pair")),
         counter(.loginAddress, keys.throttleKey(clientAddress, kind: "address"))]
    }

    /// The counters of a second-factor code (TOTP or recovery code) of the member `staffID`:
    /// growing waits for the member from anywhere, and the address's counter.
    func staffCodeCounters(staffID: String, clientAddress: String) -> [ThrottleCounter] {
        [counter(.staffCode, staffID), counter(.loginAddress, keys.throttleKey(clientAddress, kind: "address"))]
    }

    /// Reserves the attempt on every counter before anything is checked.
    ///
    /// - Throws: ``AccountError/Code/throttled(retryAfter:)`` or
    ///   ``AccountError/Code/attemptsExhausted``; then nothing was reserved or checked.
    func reserve(_ counters: [ThrottleCounter], now: Date) async throws {
        switch try await store.reserve(counters, now: now) {
        case .granted: return
        case .refused(let retryAfter): throw AccountError(.throttled(retryAfter: retryAfter))
        case .ceilingReached: throw AccountError(.attemptsExhausted)
        }
    }

    /// Settles a reserved attempt: a failure counts everywhere; a success forgets the pair and
    /// the account's ceiling and releases the address, whose counter only ages out (so that
    /// an attacker cannot reset it with an account of their own).
    @discardableResult
    func settle(_ counters: [ThrottleCounter], failed: Bool, now: Date) async throws -> Settlement {
        let failures = try await store.settle(counters, failed: failed, now: now)
        let ceilings = counters.filter { Scope(rawValue: $0.scope)?.isCeiling == true }
        return failed && ceilings.contains { failures[$0.scope] == ceiling } ? .ceilingReached : .recorded
    }

    /// Lifts both ceilings of the account and the pair counters of `clientAddress`: after an
    /// unlock link, an eID login or a completed password reset.
    func unlock(login: String, accountID: String) async throws {
        try await store.reset(scope: Scope.loginAccount.rawValue, key: accountKey(login: login))
        try await store.reset(scope: Scope.answerAccount.rawValue, key: accountID)
    }

    /// How far back retention may forget counters: beyond the longest window. Ceilings stay.
    var longestWindow: TimeInterval { max(pairPolicy.window, addressPolicy.window) }

    var keptScopes: Set<String> { Set(Scope.allCases.filter(\.isCeiling).map(\.rawValue)) }

    /// A ceiling count untouched for a year is forgotten: by then its account may be long
    /// deleted, and a guesser who spreads 100 guesses over more than a year gains nothing.
    static let ceilingRetention: TimeInterval = 365 * 24 * 60 * 60

    private func accountKey(login: String) -> String {
        keys.throttleKey(login, kind: "login")
    }

    private func counter(_ scope: Scope, _ key: String) -> ThrottleCounter {
        let limit: ThrottleLimit = switch scope {
        case .loginAccount, .answerAccount: ThrottleLimit(delays: [], window: nil, ceiling: ceiling)
        case .loginPair, .answerPair, .staffPasswordPair, .staffCode: Self.limit(pairPolicy)
        case .loginAddress, .answerAddress: Self.limit(addressPolicy)
        }
        return ThrottleCounter(scope: scope.rawValue, key: key, limit: limit, forgottenOnSuccess: scope != .loginAddress && scope != .answerAddress)
    }

    private static func limit(_ policy: ThrottlePolicy) -> ThrottleLimit {
        ThrottleLimit(delays: policy.delays.map { Int64($0.rounded(.up)) }, window: Int64(policy.window.rounded(.up)), ceiling: nil)
    }
}
