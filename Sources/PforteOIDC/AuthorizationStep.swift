public import Foundation
public import PforteCore

/// What Pforte knows of the browser's login session, as the authorization flow needs it.
public struct AuthenticationState: Sendable {
    public let accountID: String
    public let trustLevel: TrustLevel
    /// `amr` values.
    public let methods: [String]
    public let authTime: Date
    /// The `sid` of ID tokens issued from this session (Back-Channel Logout §2.1).
    public let sessionReference: String

    /// The session's latest authentication (``AuthenticationReference``).
    public var authenticationReference: String {
        AuthenticationReference.of(sessionReference: sessionReference, authTime: authTime)
    }

    public init(accountID: String, trustLevel: TrustLevel, methods: [String], authTime: Date, sessionReference: String) {
        self.accountID = accountID
        self.trustLevel = trustLevel
        self.methods = methods
        self.authTime = authTime
        self.sessionReference = sessionReference
    }
}

/// The next step of an authorization request (design: login as a state machine over a
/// persisted request): each call looks at the request, the session and the stored consent and
/// says what must happen, or which error ends the request.
public enum AuthorizationStep: Sendable, Equatable {
    case login
    case consent
    case issueCode

    /// - Parameters:
    ///   - session: the browser's session, if it has one.
    ///   - consentedClaims: what the user allowed this client before; `nil` when never asked.
    ///   - reachableLevel: the highest level a login at Pforte can reach now (design §3: the
    ///     password reaches `normal`; eID, once offered, `hoch`). A request above it cannot be
    ///     met by sending the user to log in again.
    public static func next(for request: ValidatedAuthorizationRequest, session: AuthenticationState?,
                            consentedClaims: Set<String>?, reachableLevel: TrustLevel, now: Date) throws(OAuthError) -> AuthorizationStep {
        let interactive = !request.prompts.contains(.none)
        let sessionSuffices = session.map { !needsFreshLogin(request, session: $0, now: now) && $0.trustLevel.satisfies(request.requiredLevel) } ?? false
        guard session != nil, sessionSuffices else {
            // OIDC Core §3.1.2.6: with prompt=none any need of a login is login_required.
            guard interactive else { throw OAuthError(.loginRequired, "the user must log in") }
            // Step-up: a login that reaches the level; where none can, the request fails
            // (OpenID Connect EAP ACR Values §5).
            guard reachableLevel.satisfies(request.requiredLevel) else {
                throw OAuthError(.unmetAuthenticationRequirements, "no login method here reaches \(request.requiredLevel.eidasURI)")
            }
            return .login
        }
        let consented = consentedClaims.map { request.claims.isSubset(of: $0) } ?? false
        guard consented && !request.prompts.contains(.consent) else {
            guard interactive else { throw OAuthError(.consentRequired, "the user must consent") }
            return .consent
        }
        return .issueCode
    }

    /// Whether the user must authenticate again: for `prompt=login` or an exceeded `max_age`,
    /// unless the session's latest authentication is the login this request sent the user to.
    private static func needsFreshLogin(_ request: ValidatedAuthorizationRequest, session: AuthenticationState, now: Date) -> Bool {
        if let login = request.login, login.previousAuthentication != session.authenticationReference { return false }
        if request.prompts.contains(.login) { return true }
        if let maxAge = request.maxAge, now.timeIntervalSince(session.authTime) > TimeInterval(maxAge) { return true }
        return false
    }
}
