import PforteCore
import PforteCrypto
import PforteStore

/// Changing the password, and the secret question with its answer, while logged in (issue #19,
/// item 3; seed 000 §2.2). Both need the current password, checked like a login and throttled
/// on the same counters (``AccountEnvironment/confirmPassword(_:of:clientAddress:)``).
///
/// The session holds the account's data key (design §6), so the new secret wraps the same key:
/// everything sealed before still opens, and the other wrappings stay as they are. The account's
/// address is told of each change (``AccountMails/passwordChangedByOwner(to:language:)``).
/// Ending the other sessions after a password change is the web layer's logout sequence, which
/// tells their portals; this service only changes the secrets.
public struct CredentialChangeService: Sendable {
    let environment: AccountEnvironment

    /// Sets `newPassword` after checking `currentPassword`.
    ///
    /// - Throws: ``AccountError`` with ``AccountError/Code/federatedAccount`` (no password of
    ///   its own), ``AccountError/Code/throttled(retryAfter:)``,
    ///   ``AccountError/Code/attemptsExhausted``, ``AccountError/Code/invalidCredentials`` for a
    ///   wrong current password, or ``AccountError/Code/passwordRules(_:)`` — nothing is
    ///   changed then.
    public func changePassword(session: AuthenticatedSession, currentPassword: String, newPassword: String,
                               clientAddress: String, language: MailLanguage = .german) async throws {
        let account = try await localAccount(of: session)
        try await environment.confirmPassword(currentPassword, of: account, clientAddress: clientAddress)
        let broken = PasswordPolicy.check(newPassword)
        guard broken.isEmpty else { throw AccountError(.passwordRules(broken)) }

        let password = try environment.credentials.forPassword(newPassword, dataKey: session.dataKey)
        var wrappedKeys = account.wrappedKeys
        wrappedKeys.password = password.wrapped
        let notice = try environment.mails.passwordChangedByOwner(to: account.login, language: language)
        try await environment.mail.queueing([notice], now: environment.now()) {
            try await environment.accounts.updatePasswordHash(id: account.id, passwordHash: password.hash,
                                                              wrappedKeys: wrappedKeys, mails: $0)
        }
    }

    /// Sets a new secret question and answer after checking `currentPassword`; the data key is
    /// wrapped under the new answer, so a later "forgot password" asks the new question.
    ///
    /// - Throws: as ``changePassword(session:currentPassword:newPassword:clientAddress:language:)``,
    ///   and ``AccountError/Code/invalidForm(_:)`` with the problems of the question and answer
    ///   (fields ``PforteCore/RegistrationForm/Field/secretQuestion`` and `secretAnswer`).
    public func changeSecretQuestion(session: AuthenticatedSession, currentPassword: String, question: String, answer: String,
                                     clientAddress: String, language: MailLanguage = .german) async throws {
        let account = try await localAccount(of: session)
        try await environment.confirmPassword(currentPassword, of: account, clientAddress: clientAddress)
        var errors: [RegistrationForm.Field: [FieldErrorCode]] = [:]
        let validQuestion: SecretQuestion?
        do { validQuestion = try SecretQuestion(question) } catch {
            validQuestion = nil
            errors[.secretQuestion] = [.text(error)]
        }
        let validAnswer: SecretAnswer?
        do { validAnswer = try SecretAnswer(answer) } catch {
            validAnswer = nil
            errors[.secretAnswer] = [.text(error)]
        }
        guard let validQuestion, let validAnswer else { throw AccountError(.invalidForm(RegistrationErrors(codes: errors))) }

        var wrappedKeys = account.wrappedKeys
        wrappedKeys.secretAnswer = try environment.credentials.forAnswer(validAnswer, dataKey: session.dataKey)
        let sealedQuestion = try environment.keys.sealQuestion(validQuestion.value, accountID: account.id)
        let notice = try environment.mails.secretQuestionChanged(to: account.login, language: language)
        try await environment.mail.queueing([notice], now: environment.now()) {
            try await environment.accounts.updateSecretQuestion(id: account.id, sealedSecretQuestion: sealedQuestion,
                                                                wrappedKeys: wrappedKeys, mails: $0)
        }
    }

    /// The current secret question of the session's account, to show above the change form;
    /// `nil` for an account without one.
    public func currentQuestion(session: AuthenticatedSession) async throws -> String? {
        let account = try await localAccount(of: session)
        do {
            return try environment.keys.openQuestion(account.sealedSecretQuestion, accountID: account.id)
        } catch {
            throw AccountError(.storedDataUnreadable)
        }
    }

    private func localAccount(of session: AuthenticatedSession) async throws -> AccountRecord {
        let account = try await environment.account(of: session)
        guard account.status != .federated else { throw AccountError(.federatedAccount) }
        return account
    }
}
