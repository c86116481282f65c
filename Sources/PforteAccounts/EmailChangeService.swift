import Foundation
public import PforteCore
import PforteStore

/// Change of the login e-mail address (design §4): a confirmation link to the new address, a
/// notice to the old one, and the old address stays the login name until the link is followed
/// and the citizen has logged in with the old address and password.
public struct EmailChangeService: Sendable {
    let environment: AccountEnvironment

    /// Asks for the change. The page says "a link was sent to the new address" in every case:
    /// when the new address belongs to another account, its owner gets the "already registered"
    /// notice instead of a link, so the form does not reveal who is registered. The old address
    /// is told in every case. Earlier change links of the account stop working.
    ///
    /// The new address is personal data that is not yet the login name; it travels in the
    /// token record sealed under a key derived from the token (``InstallationKeys``), since the
    /// link may be followed without a session.
    ///
    /// - Throws: ``AccountError/Code/invalidEmail(_:)``, ``AccountError/Code/emailUnchanged``.
    public func requestChange(session: AuthenticatedSession, newEmail: String, language: MailLanguage) async throws {
        let address: EmailAddress
        do {
            address = try EmailAddress(newEmail.trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            throw AccountError(.invalidEmail(error))
        }
        let account = try await environment.account(of: session)
        guard address.normalized != account.login else { throw AccountError(.emailUnchanged) }

        let notice = try environment.mails.emailChangeNotice(to: account.login, newAddress: address.value, language: language)
        if try await environment.accounts.find(byLogin: address.normalized) != nil {
            try await environment.mail.send([environment.mails.alreadyRegistered(to: address.value, language: language), notice],
                                            now: environment.now())
        } else {
            let tokens = MailTokens(environment: environment)
            let token = tokens.make()
            let validity = environment.configuration.emailChangeValidity
            let payload = try environment.keys.sealTokenPayload(Data(address.value.utf8), token: token, purpose: .emailChange)
            try await tokens.issue(
                token, purpose: .emailChange, accountID: account.id, sealedPayload: payload, validity: validity,
                replacingOutstanding: true,
                mails: [environment.mails.emailChangeConfirmation(to: address.value, token: token, validFor: validity,
                                                                  language: language), notice]
            )
        }
    }

    /// Makes the new address the login name and spends the link, once the citizen has followed
    /// it *and* logged in with the old address and password (seed 003, "E-Mail-Adresse ändern",
    /// steps 6–9): a link alone, read by whoever controls the new mailbox, changes nothing. A
    /// wrong password leaves the link live (the login throttle applies, ``Throttle``); an old
    /// address and password of another account than the link's are refused alike, so the form
    /// tells nothing about whose link it is. Reset links sent to the old address stop working.
    /// Both addresses are told that the change is done (the old one was told of the request
    /// already): the old one because it no longer logs in.
    ///
    /// - Returns: the new login address, and the session the login started.
    /// - Throws: ``AccountError/Code/invalidLink`` (checked first, before any password work);
    ///   the password login's errors (``LoginService/logIn(email:password:clientAddress:previousSessionID:browser:)``);
    ///   ``AccountError/Code/loginTaken`` when another account registered the address since the
    ///   link was sent.
    public func confirmChange(token: String, oldEmail: String, password: String, clientAddress: String,
                              previousSessionID: String? = nil, browser: BrowserFamily = .unknown,
                              language: MailLanguage = .german)
        async throws -> (address: EmailAddress, cookie: SessionCookie, session: AuthenticatedSession) {
        let tokens = MailTokens(environment: environment)
        let pending = try await tokens.find(token, purpose: .emailChange)
        let login = LoginService(environment: environment)
        let (account, dataKey) = try await login.verifiedAccount(email: oldEmail, password: password,
                                                                 clientAddress: clientAddress, browser: browser)
        guard account.id == pending.accountID else { throw AccountError(.invalidCredentials) }

        let record = try await tokens.consume(token, purpose: .emailChange)
        let address: EmailAddress
        do {
            guard let sealed = record.sealedPayload else { throw AccountError(.storedDataUnreadable) }
            let opened = try environment.keys.openTokenPayload(sealed, token: token, purpose: .emailChange)
            address = try EmailAddress(String(decoding: opened, as: UTF8.self))
        } catch {
            throw AccountError(.storedDataUnreadable)
        }
        let toOld = try environment.mails.emailChangedFrom(to: account.login, newAddress: address.value, language: language)
        let toNew = try environment.mails.emailChangedTo(to: address.value, language: language)
        do {
            try await environment.mail.queueing([toOld, toNew], now: environment.now()) {
                try await environment.accounts.changeLogin(id: account.id, newLogin: address.normalized, mails: $0)
            }
        } catch let error as AccountStoreError where error.code == .loginTaken {
            throw AccountError(.loginTaken)
        } catch let error as AccountStoreError where error.code == .accountNotFound {
            throw AccountError(.invalidLink)
        }
        try await environment.mailTokens.revokeAll(accountID: account.id, purpose: .passwordReset)
        let (cookie, session) = try await login.startSession(of: account, dataKey: dataKey, browser: browser,
                                                             replacing: previousSessionID)
        return (address, cookie, session)
    }
}
