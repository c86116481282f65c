import Foundation
import PforteCore
import Testing

@testable import PforteOIDC

@Suite struct AuthorizationRequestTests {
    private func refusal(_ overrides: [String: String?], client: ClientRegistration? = nil) throws -> AuthorizationError? {
        let request = AuthorizationRequest(parameters: OIDCFixtures.parameters(overrides))
        let registration = try client ?? OIDCFixtures.confidential()
        do {
            _ = try request.validate(client: registration)
            return nil
        } catch {
            return error
        }
    }

    private func redirected(_ overrides: [String: String?], client: ClientRegistration? = nil) throws -> OAuthError.Code? {
        guard case .redirect(let error, let target) = try refusal(overrides, client: client) else { return nil }
        #expect(target.redirectURI == OIDCFixtures.redirectURI)
        return error.code
    }

    @Test func aValidRequestKeepsOnlyTheScopesTheClientMayHave() throws {
        let request = try OIDCFixtures.validated(["scope": "openid email address phone"])
        #expect(request.scopes == [.openid, .email])
        #expect(request.claims == ["email", "email_verified"])
        #expect(request.response == AuthorizationResponseTarget(redirectURI: OIDCFixtures.redirectURI, state: "xyz"))
        #expect(request.nonce == "n-1" && request.requiredLevel == .normal)
    }

    /// RFC 9700 §4.1.3: exact string comparison; none of these may redirect.
    @Test(arguments: [
        "https://portal.example.de/callback?x=1", "https://PORTAL.example.de/callback", "https://portal.example.de/callback/extra",
        "https://portal.example.de/callback#f", "https://attacker.example/callback",
    ])
    func aRedirectURIThatIsNotExactlyRegisteredGetsAPage(_ uri: String) throws {
        #expect(try refusal(["redirect_uri": uri]) == .untrustedRedirect(.unregisteredRedirectURI))
    }

    @Test func unknownClientsAndMissingRedirectURIsGetAPage() throws {
        #expect(try refusal(["client_id": nil]) == .untrustedRedirect(.missingClientID))
        #expect(try refusal(["client_id": "other"]) == .untrustedRedirect(.unknownClient))
        #expect(try refusal(["redirect_uri": nil]) == .untrustedRedirect(.missingRedirectURI))
    }

    @Test func protocolErrorsGoBackToTheClient() throws {
        #expect(try redirected(["response_type": nil]) == .invalidRequest)
        #expect(try redirected(["response_type": "token"]) == .unsupportedResponseType)
        #expect(try redirected(["response_type": "code id_token"]) == .unsupportedResponseType)
        #expect(try redirected(["response_mode": "fragment"]) == .invalidRequest)
        #expect(try redirected(["scope": "email"]) == .invalidScope)
        #expect(try redirected(["request": "eyJ.e30."]) == .requestNotSupported)
        #expect(try redirected(["request_uri": "https://portal.example.de/r"]) == .requestURINotSupported)
        #expect(try redirected(["prompt": "none login"]) == .invalidRequest)
        #expect(try redirected(["prompt": "select_account"]) == .invalidRequest)
        #expect(try redirected(["max_age": "-1"]) == .invalidRequest)
        #expect(try redirected(["claims": "not json"]) == .invalidRequest)
    }

    @Test func pkceIsS256OnlyAndRequiredForPublicClients() throws {
        let app = try OIDCFixtures.publicClient()
        let base: [String: String?] = ["client_id": "app", "scope": "openid"]
        #expect(try redirected(base, client: app) == .invalidRequest)
        #expect(try redirected(base.merging(["code_challenge": OIDCFixtures.challenge]) { $1 }, client: app) == .invalidRequest)
        #expect(try redirected(base.merging(["code_challenge": OIDCFixtures.verifier, "code_challenge_method": "plain"]) { $1 },
                               client: app) == .invalidRequest)
        #expect(try redirected(base.merging(["code_challenge": "short", "code_challenge_method": "S256"]) { $1 }, client: app) == .invalidRequest)
        let valid = try OIDCFixtures.validated(
            base.merging(["code_challenge": OIDCFixtures.challenge, "code_challenge_method": "S256"]) { $1 }, client: app)
        #expect(valid.codeChallenge == OIDCFixtures.challenge)
    }

    @Test func theRequiredLevelIsTheHighestOfClientAcrValuesAndEssentialAcr() throws {
        let high = TrustLevel.hoch.eidasURI
        let low = TrustLevel.normal.eidasURI
        #expect(try OIDCFixtures.validated(["acr_values": high]).requiredLevel == .hoch)
        #expect(try OIDCFixtures.validated(["acr_values": "\(high) \(low)"]).requiredLevel == .normal, "any listed value satisfies")
        #expect(try OIDCFixtures.validated(["acr_values": "urn:unknown"]).requiredLevel == .normal)
        let essential = #"{"id_token":{"acr":{"essential":true,"values":["\#(high)"]}}}"#
        #expect(try OIDCFixtures.validated(["claims": essential]).requiredLevel == .hoch)
        let voluntary = #"{"id_token":{"acr":{"values":["\#(high)"]}}}"#
        #expect(try OIDCFixtures.validated(["claims": voluntary]).requiredLevel == .normal)
        let substantial = try OIDCFixtures.confidential(minimum: .substantiell)
        #expect(try OIDCFixtures.validated([:], client: substantial).requiredLevel == .substantiell)
    }

    /// RFC 9207 §2 and RFC 6749 §4.1.2: `iss` and `state` in every response, an existing query kept.
    @Test func responsesCarryIssAndState() {
        let target = AuthorizationResponseTarget(redirectURI: "https://rp.example/cb?a=1", state: "s p")
        #expect(target.location(code: "c", issuer: "https://idp.example") == "https://rp.example/cb?a=1&code=c&iss=https%3A%2F%2Fidp.example&state=s%20p")
        let error = target.location(error: OAuthError(.accessDenied, "no"), issuer: "https://idp.example")
        #expect(error.contains("error=access_denied") && error.contains("iss=") && error.contains("state=s%20p"))
    }

    @Test func aValidatedRequestSurvivesStorage() throws {
        let request = try OIDCFixtures.validated(["prompt": "login", "max_age": "10"])
        #expect(try ValidatedAuthorizationRequest(jsonDocument: request.jsonDocument()) == request)
    }
}
