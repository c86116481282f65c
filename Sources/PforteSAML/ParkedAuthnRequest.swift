public import PforteCore

/// A validated AuthnRequest as it waits in the store, with what the login step has to know.
///
/// `ForceAuthn` (SAML core §3.4.1) needs a login after the request, whatever session exists.
/// Session times are kept to the second, too coarse to order a login and a request within the
/// same second; but every login changes the session's authentication reference
/// (``PforteCore/AuthenticationReference``: a new session, or a kept one with a later
/// `auth_time`), so an authentication other than the one present when the login was asked for
/// is a login made since.
public struct ParkedAuthnRequest: Codable, Sendable {
    public let request: ValidatedAuthnRequest
    public private(set) var loginRequested = false
    /// The authentication reference of the session present when the login was asked for, if any.
    public private(set) var authenticationBeforeLogin: String?
    /// In whose name the user acts, once asked (an SP receiving organisation attributes).
    public private(set) var acting: ActingParty?

    public init(request: ValidatedAuthnRequest) {
        self.request = request
    }

    public mutating func act(as party: ActingParty) {
        acting = party
    }

    public mutating func requestLogin(after authentication: String?) {
        loginRequested = true
        authenticationBeforeLogin = authentication
    }

    /// Whether a session whose latest authentication is `authenticationReference` cannot answer
    /// the request without a new login.
    public func needsLogin(authenticationReference: String) -> Bool {
        request.forceAuthn && (!loginRequested || authenticationReference == authenticationBeforeLogin)
    }
}
