public import Foundation

/// Whether a login attempt let the citizen in.
public enum LoginOutcome: String, Sendable, CaseIterable {
    case succeeded
    /// A wrong password for an existing account (unknown addresses have no history to add to).
    case failed
}

/// One login attempt on an account, as the citizen's security view lists it: when, how, at which
/// level, from which browser family, and whether it succeeded. No IP address and no User-Agent
/// are kept (data minimisation, GDPR Art. 5(1)(c)).
public struct LoginEvent: Sendable, Equatable {
    public var accountID: String
    public var occurredAt: Date
    /// The method's `amr` value (``PforteCore/AuthenticationMethod``: `pwd`, `eid`, `fed`).
    public var method: String
    /// The trust level the login reached, or would have reached.
    public var trustLevel: String
    public var outcome: LoginOutcome
    /// ``PforteCore/BrowserFamily``'s stored form.
    public var browser: String

    public init(accountID: String, occurredAt: Date, method: String, trustLevel: String, outcome: LoginOutcome, browser: String) {
        self.accountID = accountID
        self.occurredAt = occurredAt
        self.method = method
        self.trustLevel = trustLevel
        self.outcome = outcome
        self.browser = browser
    }
}

/// The append-only history of login attempts per account, bounded twice: each account keeps
/// only its latest events (the caller says how many), and the retention job removes older ones
/// (``purge(before:)``). An account's history goes with the account.
public protocol LoginHistoryStore: Sendable {
    /// Adds an event and drops the account's events beyond the latest `keeping`, in one
    /// transaction. An event for an account that no longer exists is dropped silently: the
    /// history of a deleted account is not kept.
    func record(_ event: LoginEvent, keeping: Int) async throws

    /// The account's latest events, newest first.
    func events(accountID: String, limit: Int) async throws -> [LoginEvent]

    /// Removes events from before `cutoff`; returns how many.
    func purge(before cutoff: Date) async throws -> Int
}
