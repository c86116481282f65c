import PforteCore
import PforteCrypto
import PforteStore

/// Recovery of an account whose owner has neither password nor secret answer (design §4, §6).
///
/// Without any secret the data key cannot be unwrapped, so the sealed data is lost: the
/// recovery replaces it by a new profile sealed under a brand-new data key, wrapped under the
/// new password and the new answer. The eID wrapping is dropped with the old key. Only the
/// holder of a live reset link (sent to the registered address) can recover, and the page
/// before this call must say that the data is wiped and ask for confirmation.
public struct RecoveryService: Sendable {
    let environment: AccountEnvironment

    /// The secret question of the account behind the link, which the recovery page shows with
    /// the field for its new answer; `nil` when the account has none and no answer is asked.
    /// Does not spend the link.
    public func secretQuestion(token: String) async throws -> String? {
        let account = try await PasswordResetService(environment: environment).account(forLink: token)
        return try question(of: account)
    }

    /// Starts the account afresh and spends the link. All sessions and outstanding links of the
    /// account end, and the account's address is told (in `language`, the page's).
    ///
    /// - Throws: ``AccountError/Code/invalidLink``, or ``AccountError/Code/invalidForm(_:)``
    ///   with the problems of the name, password and answer fields (codes of
    ///   ``PforteCore/RegistrationForm/Field``).
    public func recoverWithoutSecrets(token: String, form: RecoveryForm, language: MailLanguage = .german) async throws {
        let account = try await PasswordResetService(environment: environment).account(forLink: token)
        let question = try question(of: account)
        let valid = try FormValidation.validate(
            givenNames: form.givenNames, familyName: form.familyName, email: account.login, password: form.password,
            passwordRepeated: form.passwordRepeated, secretQuestion: question,
            secretAnswer: question == nil ? nil : form.secretAnswer ?? ""
        )
        _ = try await MailTokens(environment: environment).consume(token, purpose: .passwordReset)

        let dataKey = AccountDataKey.generate()
        let password = try environment.credentials.forPassword(valid.password, dataKey: dataKey)
        let wrappedKeys = WrappedDataKeys(
            password: password.wrapped,
            secretAnswer: question == nil ? nil : try environment.credentials.forAnswer(valid.secretAnswer, dataKey: dataKey)
        )
        let profile = Profile(givenNames: valid.givenNames, familyName: valid.familyName)
        let notice = try environment.mails.accountRecovered(to: account.login, newSecretAnswer: question != nil, language: language)
        try await environment.mail.queueing([notice], now: environment.now()) {
            try await environment.accounts.updatePasswordHash(id: account.id, passwordHash: password.hash, wrappedKeys: wrappedKeys, mails: $0)
        }
        try await environment.accounts.updateSealedProfile(
            id: account.id, sealedProfile: try ProfileSealing.seal(profile, with: dataKey, accountID: account.id)
        )
        try await environment.mailTokens.revokeAll(accountID: account.id, purpose: nil)
        try await environment.sessions.deleteAll(accountID: account.id)
        try await environment.throttles.reset(scope: Throttle.Scope.answerAccount.rawValue, key: account.id)
        try await dropOrganisationRights(account, language: language)
    }

    /// The account's key pair was sealed under the lost data key, so it can no longer open any
    /// organisation's key: its memberships end (design §4), and the admins are told. Where it is
    /// the only admin the membership stays, so the organisation can still be deleted.
    private func dropOrganisationRights(_ account: AccountRecord, language: MailLanguage) async throws {
        let audit = AuditEntryRecord(event: AuditEvent.recovered.rawValue, accountLogin: account.login, actorLogin: nil,
                                     at: environment.now())
        // The notices are made for every membership; the store queues those of the
        // organisations the account really leaves, with the change.
        let mails = OrganisationMails(environment.mails)
        var notices: [String: [OutgoingMail]] = [:]
        for (organisation, _) in try await environment.organisations.memberships(accountID: account.id) {
            let admins = try await MembershipService(environment: environment).admins(of: organisation.id).filter { $0.accountID != account.id }
            notices[organisation.id] = try environment.mail.outgoing(
                try admins.map { try mails.memberRecovered(to: $0.login, organisation: organisation.name, member: account.login, language: language) }, now: audit.at
            )
        }
        _ = try await environment.organisations.dropRights(accountID: account.id, audit: audit, mails: notices)
        await environment.mail.afterQueueing()
    }

    private func question(of account: AccountRecord) throws -> String? {
        do {
            return try environment.keys.openQuestion(account.sealedSecretQuestion, accountID: account.id)
        } catch {
            throw AccountError(.storedDataUnreadable)
        }
    }
}
