import Foundation
import PforteCore
import Testing

@testable import PforteOIDC

@Suite struct CodeExchangeTests {
    private func grant(challenge: String?) throws -> CodeGrant {
        var overrides: [String: String?] = [:]
        if let challenge { overrides = ["code_challenge": challenge, "code_challenge_method": "S256"] }
        return CodeGrant(request: try OIDCFixtures.validated(overrides), session: OIDCFixtures.session())
    }

    private func code(_ grant: CodeGrant, client: String = "portal", _ form: [String: String]) -> OAuthError.Code? {
        do {
            try AuthorizationCodeExchange.check(grant, clientID: client, form: form)
            return nil
        } catch {
            return error.error.code
        }
    }

    @Test func theRFC7636VectorVerifies() {
        #expect(PKCE.challenge(for: OIDCFixtures.verifier) == OIDCFixtures.challenge)
        #expect(PKCE.verify(verifier: OIDCFixtures.verifier, challenge: OIDCFixtures.challenge))
        #expect(!PKCE.verify(verifier: "short", challenge: PKCE.challenge(for: "short")), "a verifier has 43 to 128 characters")
    }

    @Test func theCodeIsBoundToClientRedirectURIAndVerifier() throws {
        let pkce = try grant(challenge: OIDCFixtures.challenge)
        let redirect = ["redirect_uri": OIDCFixtures.redirectURI]
        #expect(code(pkce, redirect.merging(["code_verifier": OIDCFixtures.verifier]) { $1 }) == nil)
        #expect(code(pkce, client: "other", redirect.merging(["code_verifier": OIDCFixtures.verifier]) { $1 }) == .invalidGrant)
        #expect(code(pkce, ["redirect_uri": OIDCFixtures.redirectURI + "/x", "code_verifier": OIDCFixtures.verifier]) == .invalidGrant)
        #expect(code(pkce, redirect) == .invalidGrant, "the verifier is missing")
        #expect(code(pkce, redirect.merging(["code_verifier": String(repeating: "a", count: 43)]) { $1 }) == .invalidGrant)
        let plain = try grant(challenge: nil)
        #expect(code(plain, redirect) == nil)
        #expect(code(plain, redirect.merging(["code_verifier": OIDCFixtures.verifier]) { $1 }) == .invalidGrant,
                "a verifier without a challenge is a downgrade (RFC 9700 §2.1.1)")
    }

    @Test func aGrantSurvivesStorage() throws {
        let grant = try grant(challenge: OIDCFixtures.challenge)
        #expect(try CodeGrant(jsonDocument: grant.jsonDocument()) == grant)
    }
}
