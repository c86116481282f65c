import PforteAccounts
import PforteCore
import PforteSAML

/// A validated AuthnRequest as it waits in the store, with what the login step has to know.
///
/// `ForceAuthn` (SAML core §3.4.1) needs a login after the request, whatever session exists.
/// Session times are kept to the second, too coarse to order a login and a request within the
/// same second; but every login changes the session's ``AuthenticatedSession/authenticationReference``
/// (a new session, or a kept one with a later `auth_time`), so an authentication other than the
/// one present when the login was asked for is a login made since.
struct ParkedAuthnRequest: Codable, Sendable {
    let request: ValidatedAuthnRequest
    private(set) var loginRequested = false
    /// ``AuthenticatedSession/authenticationReference`` of the session present when the login
    /// was asked for, if any.
    private(set) var authenticationBeforeLogin: String?
    /// In whose name the user acts, once asked (an SP receiving organisation attributes).
    private(set) var acting: ActingParty?

    init(request: ValidatedAuthnRequest) {
        self.request = request
    }

    mutating func act(as party: ActingParty) {
        acting = party
    }

    mutating func requestLogin(after authentication: String?) {
        loginRequested = true
        authenticationBeforeLogin = authentication
    }

    /// Whether `session` cannot answer the request without a new login.
    func needsLogin(session: AuthenticatedSession) -> Bool {
        request.forceAuthn && (!loginRequested || session.authenticationReference == authenticationBeforeLogin)
    }
}
