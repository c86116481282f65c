public import Foundation
public import PforteCore

/// An authorization request that passed every check of ``AuthorizationRequest/validate(client:)``:
/// only this type goes on to login, consent and the code. It is stored between those steps
/// (``jsonDocument()``) and holds no personal data.
public struct ValidatedAuthorizationRequest: Sendable, Equatable, Codable {
    /// The `prompt` values Pforte understands (OIDC Core §3.1.2.1).
    public enum Prompt: String, Sendable, Codable, CaseIterable {
        case none, login, consent
    }

    public let clientID: String
    /// Where the code or error goes, with the request's `state`.
    public let response: AuthorizationResponseTarget
    /// The requested scopes the client may have, in ``Scope/allCases`` order; always `openid`.
    public let scopes: [Scope]
    public let nonce: String?
    /// The S256 PKCE challenge; required for public clients.
    public let codeChallenge: String?
    public let prompts: Set<Prompt>
    /// Seconds since the last active authentication beyond which the user must log in again.
    public let maxAge: Int?
    /// The level the session must have: the highest of the client's minimum, `acr_values` and an
    /// essential `acr` in `claims` (design §3).
    public let requiredLevel: TrustLevel
    /// Set when the user was sent to log in for this request: an authentication other than the
    /// one judged insufficient then is the result of that login, which satisfies `prompt=login`
    /// and `max_age` (OIDC Core §3.1.2.1). Compared by ``AuthenticationReference``, not by the
    /// request's time: `auth_time` has whole seconds, and a login in the second of the request
    /// must not count as before it — nor an earlier one in that second as after it.
    public private(set) var login: LoginRequest?
    /// `login_hint`, pre-filled into the login form (OIDC Core §3.1.2.1); only a hint, never
    /// a restriction on who logs in.
    public let loginHint: String?
    /// The first of the `ui_locales` the pages are offered in (`de`, `en`), by primary subtag.
    public let uiLocale: String?
    /// In whose name the user acts, once asked (scope `organisation`); `nil` before.
    public private(set) var acting: ActingParty?
    /// The `sid` of a verified `id_token_hint`, kept for a request received by POST: it is
    /// parked and continued by a GET that carries the browser's session cookie, and only there
    /// can `prompt=none` be checked against the browser's session (OIDC Core §3.1.2.1).
    public private(set) var hintedSession: String?

    /// The user claims the granted scopes release: what the consent page lists.
    public var claims: Set<String> {
        Set(scopes.flatMap(\.claims))
    }

    /// That the user is sent to log in after `previousAuthentication` (its
    /// ``AuthenticationReference``; `nil`: no session).
    public struct LoginRequest: Sendable, Equatable, Codable {
        public let previousAuthentication: String?

        /// The key requests stored before re-authentication kept the session used.
        private enum CodingKeys: String, CodingKey {
            case previousAuthentication = "replacedSession"
        }
    }

    /// This request, marked as sent to log in after `authentication` (an
    /// ``AuthenticationReference``).
    public func sendingToLogin(from authentication: String?) -> ValidatedAuthorizationRequest {
        var marked = self
        marked.login = LoginRequest(previousAuthentication: authentication)
        return marked
    }

    /// This request, remembering the `sid` of its verified `id_token_hint`.
    public func hinting(session: String?) -> ValidatedAuthorizationRequest {
        var hinted = self
        hinted.hintedSession = session
        return hinted
    }

    /// This request, with the user's answer to "in whose name do you act".
    public func acting(as party: ActingParty) -> ValidatedAuthorizationRequest {
        var chosen = self
        chosen.acting = party
        return chosen
    }

    public func jsonDocument() -> Data {
        // Strings, numbers and arrays of them: encoding cannot fail.
        try! OIDCJSON.encoder.encode(self)
    }

    public init(jsonDocument: Data) throws {
        self = try JSONDecoder().decode(Self.self, from: jsonDocument)
    }

    init(clientID: String, response: AuthorizationResponseTarget, scopes: [Scope], nonce: String?, codeChallenge: String?,
         prompts: Set<Prompt>, maxAge: Int?, requiredLevel: TrustLevel, loginHint: String?, uiLocale: String?) {
        self.clientID = clientID
        self.response = response
        self.scopes = scopes
        self.nonce = nonce
        self.codeChallenge = codeChallenge
        self.prompts = prompts
        self.maxAge = maxAge
        self.requiredLevel = requiredLevel
        self.loginHint = loginHint
        self.uiLocale = uiLocale
    }
}
