public import PforteCore
import PforteStore

/// Registration of a personal account and its activation (design §4; seed 003).
public struct RegistrationService: Sendable {
    let environment: AccountEnvironment

    /// Registers a pending account and mails the activation link.
    ///
    /// The outcome is the same whether or not the address is already registered (issue: "no
    /// message reveals whether an address is registered"): for a taken address the mailbox's
    /// owner gets a notice instead of a link, and the same Argon2id work is done first, so the
    /// response time does not tell either.
    ///
    /// - Throws: ``AccountError/Code/invalidForm(_:)`` with every field's problems.
    ///
    /// With `eID` this is the registration with the Online-Ausweis (issue 6): the names come
    /// from the card, which also fills the other locked fields and links the account to its
    /// pseudonym (``AccountCreation/create(_:withSecretQuestion:eID:)``).
    /// `cardLogin: false` registers with the card's data but without login by card (T8).
    /// The form's ``RegistrationForm/consent`` must accept the citizen terms in force (seed
    /// 000: without them no Servicekonto); a form without one is refused as not accepted.
    public func register(_ form: RegistrationForm, language: MailLanguage, eID: EIDIdentity? = nil,
                         cardLogin: Bool = true) async throws {
        var form = form
        if form.consent == nil { form.consent = RegistrationConsent(termsVersion: "", acceptsTerms: false) }
        let terms = TermsService(environment: environment)
        let registration: ValidatedRegistration
        switch form.validate(termsVersion: terms.current(.citizen).id) {
        case .success(let valid): registration = valid
        case .failure(let errors): throw AccountError(.invalidForm(errors))
        }
        let creation = AccountCreation(environment: environment)
        let login = registration.email.normalized
        do {
            let account = try await creation.create(registration, withSecretQuestion: true, eID: eID, cardLogin: cardLogin)
            if let accepted = registration.acceptedTerms { try await terms.recordRegistration(accountID: account.id, accepted) }
            let token = MailTokens(environment: environment).make()
            let validity = environment.configuration.activationValidity
            try await MailTokens(environment: environment).issue(
                token, purpose: .activation, accountID: account.id, validity: validity,
                mails: [environment.mails.activation(to: login, token: token, validFor: validity, language: language)]
            )
        } catch let error as AccountStoreError where error.code == .loginTaken {
            try await environment.send(environment.mails.alreadyRegistered(to: login, language: language))
        }
    }

    /// Activates the registration the link belongs to, spending the link.
    ///
    /// - Throws: ``AccountError/Code/invalidLink`` for an unknown, used or expired link, or
    ///   when the registration was purged meanwhile.
    public func activate(token: String) async throws {
        let record = try await MailTokens(environment: environment).consume(token, purpose: .activation)
        do {
            try await environment.accounts.activate(id: record.accountID, at: environment.now())
        } catch let error as AccountStoreError where error.code == .accountNotFound {
            throw AccountError(.invalidLink)
        }
    }
}
