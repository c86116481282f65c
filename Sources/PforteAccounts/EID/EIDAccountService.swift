public import PforteCore
import PforteCrypto
import PforteStore

/// Servicekonto Plus (issue 6; design §4–§6): what an eID session does to accounts.
///
/// The pseudonym is looked up only as its keyed hash (design §5). The eID secret derived from
/// it wraps the account's data key (design §6), so a login by card opens the sealed profile as a
/// password login does. Every step that attaches a card to an account (upgrade, linking after
/// a login with an unknown card, re-enabling by sync) runs ``attach(_:to:dataKey:)``.
public struct EIDAccountService: Sendable {
    let environment: AccountEnvironment

    /// The result of a login by card.
    public enum LoginOutcome: Sendable {
        /// A session at trust level `hoch`, amr `eid`.
        case loggedIn(cookie: SessionCookie, session: AuthenticatedSession)
        /// No account is linked to this card: register or link one.
        case unknownPseudonym
    }

    /// Logs in the account linked to the card's pseudonym.
    ///
    /// - Throws: ``AccountError/Code/notActivated`` for a registration not yet activated.
    public func logIn(_ identity: EIDIdentity, previousSessionID: String?, browser: BrowserFamily = .unknown) async throws -> LoginOutcome {
        guard let accountID = try await environment.eIDLinks.accountID(pseudonym: environment.keys.pseudonymDigest(identity.pseudonym)),
              let account = try await environment.accounts.find(id: accountID)
        else { return .unknownPseudonym }
        guard account.status == .active else { throw AccountError(.notActivated) }
        let dataKey = try environment.credentials.unwrap(account.wrappedKeys.eID, secret: environment.keys.eIDSecret(identity.pseudonym),
                                                         kind: .eID)
        let (cookie, session) = try await startSession(account.id, dataKey: dataKey, browser: browser, replacing: previousSessionID)
        // The card proves the owner: a ceiling of failed password or answer attempts goes.
        try await environment.throttle.unlock(login: account.login, accountID: account.id)
        return .loggedIn(cookie: cookie, session: session)
    }

    /// Links the card to the account the password opens and logs in at `hoch` (an unknown card:
    /// "linking to an existing account, password login first"). For an eID-verified account
    /// this is re-linking after a new card, allowed only when the card names the person of the
    /// locked profile; for any other account it is the upgrade to Servicekonto Plus.
    ///
    /// - Throws: as ``LoginService/logIn(email:password:clientAddress:previousSessionID:browser:)``,
    ///   and ``AccountError/Code/eIDIdentityMismatch`` or ``AccountError/Code/eIDLinkedElsewhere``.
    public func link(_ identity: EIDIdentity, email: String, password: String, clientAddress: String,
                     previousSessionID: String?,
                     browser: BrowserFamily = .unknown) async throws -> (cookie: SessionCookie, session: AuthenticatedSession) {
        let (account, dataKey) = try await LoginService(environment: environment)
            .verifiedAccount(email: email, password: password, clientAddress: clientAddress, browser: browser)
        try await attach(identity, to: account, dataKey: dataKey)
        return try await startSession(account.id, dataKey: dataKey, browser: browser, replacing: previousSessionID)
    }

    /// "Upgrade starten": makes the session's account a Servicekonto Plus with the card, then
    /// ends the session, so the user logs in again (issue 6).
    ///
    /// - Throws: ``AccountError/Code/eIDWrongAccount`` for an account already verified (it
    ///   syncs instead), and as ``link(_:email:password:clientAddress:previousSessionID:)``.
    public func upgrade(_ session: AuthenticatedSession, with identity: EIDIdentity) async throws {
        let account = try await environment.account(of: session)
        guard !account.isEIDVerified else { throw AccountError(.eIDWrongAccount) }
        try await attach(identity, to: account, dataKey: session.dataKey)
        try await environment.sessions.delete(idDigest: session.idDigest)
    }

    /// "Daten mit Ausweis synchronisieren": the locked fields take the card's values. With the
    /// linked card any delivered change is taken; an account whose eID function was
    /// deactivated is re-enabled, which needs the card to name the profile's person.
    ///
    /// - Throws: ``AccountError/Code/eIDWrongAccount`` when the account is not eID-verified,
    ///   ``AccountError/Code/eIDDifferentCard`` for another card than the linked one.
    @discardableResult
    public func sync(_ session: AuthenticatedSession, with identity: EIDIdentity) async throws -> Profile {
        let account = try await environment.account(of: session)
        guard account.isEIDVerified else { throw AccountError(.eIDWrongAccount) }
        if let linked = try await environment.eIDLinks.pseudonym(accountID: account.id),
           linked != environment.keys.pseudonymDigest(identity.pseudonym) {
            throw AccountError(.eIDDifferentCard)
        }
        return try await attach(identity, to: account, dataKey: session.dataKey)
    }

    /// "Online-Ausweisfunktion deaktivieren": removes the pseudonym link and the eID wrapping of
    /// the data key. The account stays verified and its fields locked; a sync re-enables it.
    public func deactivate(_ session: AuthenticatedSession) async throws {
        let account = try await environment.account(of: session)
        try await environment.eIDLinks.deactivate(accountID: account.id, at: environment.now())
        var keys = account.wrappedKeys
        keys.eID = nil
        try await environment.accounts.updateWrappedKeys(id: account.id, wrappedKeys: keys)
    }

    /// Whether the card is one its account deactivated (issue #19): a login with it then offers
    /// only to link it again with the password, never a second account for the same person.
    public func wasDeactivated(_ identity: EIDIdentity) async throws -> Bool {
        try await environment.eIDLinks.isDeactivated(pseudonym: environment.keys.pseudonymDigest(identity.pseudonym))
    }

    /// Whether the session's account can log in with its card now.
    public func isLinked(_ session: AuthenticatedSession) async throws -> Bool {
        try await environment.eIDLinks.pseudonym(accountID: session.accountID.description) != nil
    }

    /// Fills the locked fields from the card, wraps the data key under the eID secret, links the
    /// pseudonym (replacing an older card's) and marks the account verified. For an account
    /// verified before, the card must name the same person.
    @discardableResult
    private func attach(_ identity: EIDIdentity, to account: AccountRecord, dataKey: AccountDataKey) async throws -> Profile {
        let pseudonym = environment.keys.pseudonymDigest(identity.pseudonym)
        if let owner = try await environment.eIDLinks.accountID(pseudonym: pseudonym), owner != account.id {
            throw AccountError(.eIDLinkedElsewhere)
        }
        let current = try ProfileSealing.open(account.sealedProfile, with: dataKey, accountID: account.id)
        let linked = try await environment.eIDLinks.pseudonym(accountID: account.id)
        if account.isEIDVerified, linked != pseudonym, !identity.matches(current) {
            throw AccountError(.eIDIdentityMismatch)
        }
        let profile = ProfileEditPolicy.applyEIDSync(identity, to: current)
        var keys = account.wrappedKeys
        keys.eID = try environment.credentials.forEID(environment.keys.eIDSecret(identity.pseudonym), dataKey: dataKey)
        try await environment.accounts.updateSealedProfile(
            id: account.id, sealedProfile: try ProfileSealing.seal(profile, with: dataKey, accountID: account.id)
        )
        try await environment.accounts.updateWrappedKeys(id: account.id, wrappedKeys: keys)
        do {
            try await environment.eIDLinks.link(accountID: account.id, pseudonym: pseudonym, at: environment.now())
        } catch let error as AccountStoreError where error.code == .pseudonymTaken {
            throw AccountError(.eIDLinkedElsewhere)
        }
        try await environment.accounts.markEIDVerified(id: account.id, at: environment.now())
        return profile
    }

    private func startSession(_ accountID: String, dataKey: AccountDataKey, browser: BrowserFamily,
                              replacing previousSessionID: String?) async throws -> (cookie: SessionCookie, session: AuthenticatedSession) {
        let started = try await SessionIssuer(environment: environment).start(
            accountID: accountID, dataKey: dataKey, level: .hoch, methods: [.eID], browser: browser, replacing: previousSessionID
        )
        try await environment.accounts.recordLogin(id: accountID, at: environment.now())
        return started
    }
}
