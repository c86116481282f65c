import Foundation
import PforteCore

/// The parameters of a request to the authorization endpoint, as received (query of a GET or
/// form of a POST, OIDC Core §3.1.2.1), before any check.
public struct AuthorizationRequest: Sendable {
    public let parameters: [String: String]

    public init(parameters: [String: String]) {
        self.parameters = parameters
    }

    /// The client the request names, to look up before ``validate(client:)``.
    public var clientID: String? { value("client_id") }

    /// Checks the request against the client's registration, in the order that decides where
    /// a refusal may go: client and redirect URI first (refused on a page), then everything
    /// else (refused by redirect to the client, RFC 6749 §4.1.2.1).
    ///
    /// - Parameter client: the registration of ``clientID``; `nil` when there is none.
    public func validate(client: ClientRegistration?) throws(AuthorizationError) -> ValidatedAuthorizationRequest {
        guard let clientID else { throw .untrustedRedirect(.missingClientID) }
        guard let client, client.clientID == clientID else { throw .untrustedRedirect(.unknownClient) }
        // OIDC Core §3.1.2.1 makes redirect_uri required, so it is never inferred.
        guard let redirectURI = value("redirect_uri") else { throw .untrustedRedirect(.missingRedirectURI) }
        guard client.redirectURIs.contains(redirectURI) else { throw .untrustedRedirect(.unregisteredRedirectURI) }

        let target = AuthorizationResponseTarget(redirectURI: redirectURI, state: value("state"))
        func refuse(_ code: OAuthError.Code, _ detail: String) -> AuthorizationError {
            .redirect(OAuthError(code, detail), target)
        }

        guard let responseType = value("response_type") else { throw refuse(.invalidRequest, "response_type is missing") }
        guard responseType == "code" else {
            throw refuse(.unsupportedResponseType, "only response_type=code is supported")
        }
        if let mode = value("response_mode"), mode != "query" {
            throw refuse(.invalidRequest, "only response_mode=query is supported")
        }
        if value("request") != nil { throw refuse(.requestNotSupported, "request objects are not supported") }
        if value("request_uri") != nil { throw refuse(.requestURINotSupported, "request_uri is not supported") }

        let requestedScopes = Set((value("scope") ?? "").split(separator: " ").map(String.init))
        guard requestedScopes.contains(Scope.openid.rawValue) else {
            throw refuse(.invalidScope, "scope must contain openid")
        }
        // OIDC Core §3.1.2.1: scope values not understood are ignored; those the client is not
        // registered for are not granted (the token response states the granted scope).
        let scopes = client.scopes.filter { requestedScopes.contains($0.rawValue) }

        let codeChallenge = try pkceChallenge(client: client, refuse: refuse)
        let prompts = try prompts(refuse: refuse)
        var maxAge: Int?
        if let text = value("max_age") {
            guard let seconds = Int(text), seconds >= 0 else { throw refuse(.invalidRequest, "max_age must be a non-negative integer") }
            maxAge = seconds
        }
        var requiredLevel = client.minimumTrustLevel
        for level in [AuthenticationContextRequest.acrValues(value("acr_values")),
                      try AuthenticationContextRequest.essentialACR(claimsParameter: value("claims"), refuse: refuse)] {
            if let level, level > requiredLevel { requiredLevel = level }
        }

        return ValidatedAuthorizationRequest(
            clientID: clientID, response: target, scopes: scopes, nonce: value("nonce"), codeChallenge: codeChallenge,
            prompts: prompts, maxAge: maxAge, requiredLevel: requiredLevel,
            loginHint: value("login_hint").map { String($0.prefix(254)) }, uiLocale: uiLocale()
        )
    }

    /// RFC 7636 §4.3 with design §7: S256 only, required for public clients. A challenge
    /// without a method means `plain` (RFC 7636 §4.3), and is refused like it.
    private func pkceChallenge(client: ClientRegistration,
                               refuse: (OAuthError.Code, String) -> AuthorizationError) throws(AuthorizationError) -> String? {
        guard let challenge = value("code_challenge") else {
            if value("code_challenge_method") != nil { throw refuse(.invalidRequest, "code_challenge_method without code_challenge") }
            if client.type == .public { throw refuse(.invalidRequest, "a public client must use PKCE (code_challenge with S256)") }
            return nil
        }
        guard value("code_challenge_method") == "S256" else {
            throw refuse(.invalidRequest, "code_challenge_method must be S256")
        }
        guard PKCE.isWellFormedChallenge(challenge) else {
            throw refuse(.invalidRequest, "code_challenge is not an S256 challenge (43 base64url characters)")
        }
        return challenge
    }

    /// OIDC Core §3.1.2.1: `none` must stand alone.
    private func prompts(refuse: (OAuthError.Code, String) -> AuthorizationError) throws(AuthorizationError) -> Set<ValidatedAuthorizationRequest.Prompt> {
        var prompts: Set<ValidatedAuthorizationRequest.Prompt> = []
        for name in (value("prompt") ?? "").split(separator: " ") {
            guard let prompt = ValidatedAuthorizationRequest.Prompt(rawValue: String(name)) else {
                throw refuse(.invalidRequest, "unsupported prompt value \(name)")
            }
            prompts.insert(prompt)
        }
        if prompts.contains(.none) && prompts.count > 1 {
            throw refuse(.invalidRequest, "prompt=none cannot be combined with other values")
        }
        return prompts
    }

    /// The first `ui_locales` entry whose primary subtag the pages speak; others are ignored
    /// (OIDC Core §3.1.2.1: "an error SHOULD NOT result").
    private func uiLocale() -> String? {
        (value("ui_locales") ?? "").split(separator: " ")
            .compactMap { $0.split(separator: "-").first.map { $0.lowercased() } }
            .first { Self.pageLanguages.contains($0) }
    }

    /// The languages of Pforte's pages, as discovery lists them.
    static let pageLanguages = ["de", "en"]

    /// A parameter's value; an empty value counts as absent (RFC 6749 §3.1).
    private func value(_ name: String) -> String? {
        guard let value = parameters[name], !value.isEmpty else { return nil }
        return value
    }
}
