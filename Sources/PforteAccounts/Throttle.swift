import Foundation
import PforteCore
import PforteStore

/// Growing delays after wrong passwords and wrong secret answers, per account and per client
/// address (issue; ``ThrottlePolicy``), counted in the shared ``ThrottleStore`` so that
/// spreading guesses over nodes gains nothing.
///
/// Passwords and answers are counted apart, so typos in one do not slow the other. The account
/// side of a password is keyed by the login name (a keyed hash of it), not the account id:
/// guesses against an unregistered address are then delayed exactly like guesses against a
/// registered one, and the delay reveals nothing.
struct Throttle: Sendable {
    /// What is counted. The raw values are stored; never change one.
    enum Scope: String {
        case loginAccount = "login.account"
        case loginAddress = "login.address"
        case answerAccount = "reset.answer.account"
        case answerAddress = "reset.answer.address"

        var isPerAddress: Bool { self == .loginAddress || self == .answerAddress }
    }

    /// One counter to consult: its scope and its (already keyed) key.
    struct Counter {
        let scope: Scope
        let key: String
    }

    let store: any ThrottleStore
    let accountPolicy: ThrottlePolicy
    let addressPolicy: ThrottlePolicy
    let keys: InstallationKeys

    /// The counters of a password attempt for `login` from `clientAddress`.
    func passwordCounters(login: String, clientAddress: String) -> [Counter] {
        [Counter(scope: .loginAccount, key: keys.throttleKey(login, kind: "login")),
         Counter(scope: .loginAddress, key: keys.throttleKey(clientAddress, kind: "address"))]
    }

    /// The counters of a secret-answer attempt for the account `accountID` from `clientAddress`.
    func answerCounters(accountID: String, clientAddress: String) -> [Counter] {
        [Counter(scope: .answerAccount, key: accountID),
         Counter(scope: .answerAddress, key: keys.throttleKey(clientAddress, kind: "address"))]
    }

    /// Throws ``AccountError/Code/throttled(retryAfter:)`` with the longest wait when any
    /// counter does not allow an attempt at `now`. A refused attempt is neither checked nor
    /// counted (``ThrottlePolicy``).
    func check(_ counters: [Counter], now: Date) async throws {
        var wait: TimeInterval = 0
        for counter in counters {
            let policy = policy(for: counter.scope)
            let state = try await store.state(scope: counter.scope.rawValue, key: counter.key, now: now, window: policy.window)
            guard let last = state.lastFailureAt,
                  !policy.isAllowed(failures: state.failures, lastFailureAt: last, now: now)
            else { continue }
            let delay = policy.delay(afterFailures: policy.recentFailures(state.failures, lastFailureAt: last, now: now))
            wait = max(wait, last.addingTimeInterval(delay).timeIntervalSince(now))
        }
        if wait > 0 { throw AccountError(.throttled(retryAfter: wait.rounded(.up))) }
    }

    func recordFailure(_ counters: [Counter], now: Date) async throws {
        for counter in counters {
            try await store.recordFailure(scope: counter.scope.rawValue, key: counter.key, now: now,
                                          window: policy(for: counter.scope).window)
        }
    }

    /// Forgets the account counters after a success. Address counters only age out, so an
    /// attacker cannot reset them with an account of their own (``ThrottlePolicy``).
    func resetAccountCounters(_ counters: [Counter]) async throws {
        for counter in counters where !counter.scope.isPerAddress {
            try await store.reset(scope: counter.scope.rawValue, key: counter.key)
        }
    }

    /// How far back retention may forget counters: beyond the longest window.
    var longestWindow: TimeInterval { max(accountPolicy.window, addressPolicy.window) }

    private func policy(for scope: Scope) -> ThrottlePolicy {
        scope.isPerAddress ? addressPolicy : accountPolicy
    }
}
