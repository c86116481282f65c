import Foundation
import PforteStore

/// Lifting the ceiling of consecutive failed attempts (issue #18; ``Throttle``): the owner is
/// mailed an unlock link at the failure that reaches the ceiling, and following it lets
/// passwords and answers be checked again. A password reset and an eID login lift it too.
public struct AccountUnlockService: Sendable {
    let environment: AccountEnvironment

    /// How long an unlock link works: a day, like an activation link; after that a password
    /// reset or an eID login still unlocks.
    static let linkValidity: TimeInterval = 24 * 60 * 60

    /// Queues the unlock link with its token for the active account of `login`; nothing for
    /// any other address.
    func sendUnlockLink(login: String) async throws {
        guard let account = try await environment.accounts.find(byLogin: login), account.status == .active else { return }
        let tokens = MailTokens(environment: environment)
        let token = tokens.make()
        try await tokens.issue(
            token, purpose: .unlock, accountID: account.id, validity: Self.linkValidity, replacingOutstanding: true,
            mails: [environment.mails.accountLocked(to: account.login, token: token, validFor: Self.linkValidity)]
        )
    }

    /// Whether `token` is a live unlock link, without spending it (mail scanners open links).
    public func isValid(token: String) async throws -> Bool {
        (try? await MailTokens(environment: environment).find(token, purpose: .unlock)) != nil
    }

    /// Spends the link and lifts both ceilings of its account.
    ///
    /// - Throws: ``AccountError/Code/invalidLink``.
    public func unlock(token: String) async throws {
        let record = try await MailTokens(environment: environment).consume(token, purpose: .unlock)
        guard let account = try await environment.accounts.find(id: record.accountID) else { throw AccountError(.invalidLink) }
        try await environment.throttle.unlock(login: account.login, accountID: account.id)
    }
}
