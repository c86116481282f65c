import Foundation
import PforteCore
import PforteStore

/// Adds login attempts to the account's history (issue #18), which the citizen reads in the
/// security view. Bounded twice, so that it stays a short list and not a movement profile: the
/// latest ``keptPerAccount`` events per account, none older than ``retention``.
struct LoginHistory: Sendable {
    let environment: AccountEnvironment

    static let keptPerAccount = 50
    static let retention: TimeInterval = 90 * 24 * 3600

    func record(accountID: String, method: AuthenticationMethod, level: TrustLevel, outcome: LoginOutcome,
                browser: BrowserFamily) async throws {
        try await environment.loginHistory.record(LoginEvent(
            accountID: accountID, occurredAt: environment.now(), method: method.rawValue, trustLevel: level.rawValue,
            outcome: outcome, browser: browser.storedValue
        ), keeping: Self.keptPerAccount)
    }

    /// A wrong password for `account`; nothing for an unknown address, which has no history.
    func recordFailedPassword(of account: AccountRecord?, browser: BrowserFamily) async throws {
        guard let account else { return }
        try await record(accountID: account.id, method: .password, level: .normal, outcome: .failed, browser: browser)
    }

    /// The retention job's part: events older than ``retention``.
    func purge(now: Date) async throws -> Int {
        try await environment.loginHistory.purge(before: now.addingTimeInterval(-Self.retention))
    }
}
