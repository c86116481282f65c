import Foundation
public import PforteCore
import PforteStore

/// What the page a reset link opens asks for.
public enum ResetChallenge: Sendable, Equatable {
    /// The account's secret question; its answer and a new password reset the password.
    case question(SecretQuestion)
    /// The account has no secret answer (created by the operator without one): only a
    /// recovery, which wipes the sealed data, is possible.
    case recoveryOnly
}

/// "Forgot password" (design §4): a reset needs the link sent to the registered address **and**
/// the secret answer, because the answer is what unwraps the data key (design §6) so that the
/// new password can wrap it again.
public struct PasswordResetService: Sendable {
    let environment: AccountEnvironment

    /// Queues the request for the mail sender, which sends a reset link if `email` belongs to
    /// an active account and a notice that it has none otherwise (``issueReset(address:language:)``).
    /// The request itself does the same work for every address — one row queued — so neither
    /// its time nor its outcome tells whether the address is registered, and the relay's
    /// speed or failure reaches no request. The caller shows the same page either way ("if
    /// the address is registered, a mail is on its way").
    ///
    /// - Throws: ``AccountError/Code/invalidEmail(_:)`` only for input that is no address at
    ///   all, which says nothing about any account.
    public func requestReset(email: String, language: MailLanguage) async throws {
        let address: EmailAddress
        do {
            address = try EmailAddress(email.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw AccountError(.invalidEmail(error))
        }
        try await environment.mail.enqueue([.passwordResetRequest(address: address.value, language: language)],
                                           now: environment.now())
    }

    /// The sender's half of ``requestReset(email:language:)``: a reset link for an active
    /// account, queued with its token in one transaction (older reset links stop working), or
    /// the notice that the address has no active account.
    @Sendable
    func issueReset(address: String, language: MailLanguage) async throws {
        let login = try EmailAddress(address).normalized
        guard let account = try await environment.accounts.find(byLogin: login), account.status == .active else {
            try await environment.send(environment.mails.passwordResetWithoutAccount(to: address, language: language))
            return
        }
        let tokens = MailTokens(environment: environment)
        let token = tokens.make()
        let validity = environment.configuration.passwordResetValidity
        try await tokens.issue(
            token, purpose: .passwordReset, accountID: account.id, validity: validity, replacingOutstanding: true,
            mails: [environment.mails.passwordReset(to: account.login, token: token, validFor: validity, language: language)]
        )
    }

    /// The question to show for a reset link, without spending the link (mail scanners open
    /// links too). The question is sealed under the installation key, so it is readable here
    /// before the user has given any secret.
    public func challenge(token: String) async throws -> ResetChallenge {
        let account = try await account(forLink: token)
        guard account.wrappedKeys.secretAnswer != nil else { return .recoveryOnly }
        return .question(try question(of: account))
    }

    /// Sets a new password with the secret answer, spending the link.
    ///
    /// The data key is unwrapped with the answer and wrapped under the new password, so
    /// everything sealed before still opens (design §6: "a password reset via the answer
    /// re-wraps it"). All sessions of the account end, and the account's address is told
    /// (in `language`, the page's).
    ///
    /// - Throws: ``AccountError`` with ``AccountError/Code/invalidLink``,
    ///   ``AccountError/Code/noSecretAnswer``, ``AccountError/Code/passwordRules(_:)``,
    ///   ``AccountError/Code/throttled(retryAfter:)``, ``AccountError/Code/attemptsExhausted``, or
    ///   ``AccountError/Code/wrongSecretAnswer`` — after which the link stays valid.
    public func resetPassword(token: String, answer: String, newPassword: String, clientAddress: String,
                              language: MailLanguage = .german) async throws {
        let account = try await account(forLink: token)
        guard let wrappedUnderAnswer = account.wrappedKeys.secretAnswer else { throw AccountError(.noSecretAnswer) }
        let broken = PasswordPolicy.check(newPassword)
        guard broken.isEmpty else { throw AccountError(.passwordRules(broken)) }

        let throttle = environment.throttle
        let counters = throttle.answerCounters(accountID: account.id, clientAddress: clientAddress)
        try await throttle.reserve(counters, now: environment.now())
        guard let normalized = try? SecretAnswer(answer).normalized,
              let dataKey = try environment.credentials.tryUnwrap(wrappedUnderAnswer, secret: normalized, kind: .secretAnswer)
        else {
            try await environment.recordFailure(counters, login: account.login)
            throw AccountError(.wrongSecretAnswer)
        }
        try await throttle.settle(counters, failed: false, now: environment.now())

        _ = try await MailTokens(environment: environment).consume(token, purpose: .passwordReset)
        let password = try environment.credentials.forPassword(newPassword, dataKey: dataKey)
        var wrappedKeys = account.wrappedKeys
        wrappedKeys.password = password.wrapped
        let notice = try environment.mails.passwordChanged(to: account.login, language: language)
        try await environment.mail.queueing([notice], now: environment.now()) {
            try await environment.accounts.updatePasswordHash(id: account.id, passwordHash: password.hash, wrappedKeys: wrappedKeys, mails: $0)
        }
        try await environment.sessions.deleteAll(accountID: account.id)
        // The link and the answer together prove the owner: the password ceiling goes too.
        try await throttle.unlock(login: account.login, accountID: account.id)
    }

    /// The active account a live reset link belongs to.
    func account(forLink token: String) async throws -> AccountRecord {
        let record = try await MailTokens(environment: environment).find(token, purpose: .passwordReset)
        guard let account = try await environment.accounts.find(id: record.accountID) else {
            throw AccountError(.invalidLink)
        }
        return account
    }

    /// The account's secret question; a sealed question that does not open or validate is
    /// ``AccountError/Code/storedDataUnreadable``.
    func question(of account: AccountRecord) throws -> SecretQuestion {
        guard let text = try? environment.keys.openQuestion(account.sealedSecretQuestion, accountID: account.id),
              let question = try? SecretQuestion(text)
        else { throw AccountError(.storedDataUnreadable) }
        return question
    }
}
