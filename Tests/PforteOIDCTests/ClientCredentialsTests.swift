import Foundation
import Testing

@testable import PforteOIDC

@Suite struct ClientCredentialsTests {
    private func basic(_ pair: String) -> String {
        "Basic " + Data(pair.utf8).base64EncodedString()
    }

    private func refusal(_ header: String?, _ form: [String: String]) -> OAuthError.Code? {
        do {
            _ = try ClientCredentials(authorizationHeader: header, form: form)
            return nil
        } catch {
            return error.error.code
        }
    }

    @Test func eachMethodIsRecognised() throws {
        let viaBasic = try ClientCredentials(authorizationHeader: basic("portal:s%2Bcret"), form: [:])
        #expect(viaBasic.clientID == "portal" && viaBasic.secret == "s+cret" && viaBasic.method == .clientSecretBasic)
        let viaPost = try ClientCredentials(authorizationHeader: nil, form: ["client_id": "portal", "client_secret": "s"])
        #expect(viaPost.method == .clientSecretPost)
        let publicClient = try ClientCredentials(authorizationHeader: nil, form: ["client_id": "app"])
        #expect(publicClient.method == TokenEndpointAuthMethod.none)
        let assertion = try ClientCredentials(authorizationHeader: nil, form: [
            "client_assertion_type": ClientAssertion.type, "client_assertion": "h.eyJzdWIiOiJwb3J0YWwifQ.s",
        ])
        #expect(assertion.clientID == "portal" && assertion.method == .privateKeyJWT)
    }

    @Test func ambiguousOrMalformedAuthenticationIsRefused() {
        #expect(refusal(basic("portal:s"), ["client_secret": "s"]) == .invalidRequest)
        #expect(refusal(basic("portal:s"), ["client_id": "other"]) == .invalidRequest)
        #expect(refusal("Basic !!!", [:]) == .invalidClient)
        #expect(refusal(basic("no-colon"), [:]) == .invalidClient)
        #expect(refusal(nil, [:]) == .invalidClient)
        #expect(refusal(nil, ["client_assertion_type": "urn:other", "client_assertion": "a.b.c"]) == .invalidClient)
        #expect(refusal(nil, ["client_assertion_type": ClientAssertion.type, "client_assertion": "garbage"]) == .invalidClient)
    }

    @Test func authenticationChecksTheRegisteredMethodAndSecret() throws {
        let (secret, digest) = { let s = ClientSecret.generate(); return (s.value, s.digest) }()
        let client = try OIDCFixtures.confidential()
        let right = try ClientCredentials(authorizationHeader: basic("portal:\(secret)"), form: [:])
        try right.authenticate(client, secretDigest: digest)
        let wrong = try ClientCredentials(authorizationHeader: basic("portal:nope"), form: [:])
        #expect(throws: TokenError.self) { try wrong.authenticate(client, secretDigest: digest) }
        let otherMethod = try ClientCredentials(authorizationHeader: nil, form: ["client_id": "portal", "client_secret": secret])
        #expect(throws: TokenError.self) { try otherMethod.authenticate(client, secretDigest: digest) }
        #expect(throws: TokenError.self) { try right.authenticate(nil, secretDigest: nil) }
    }
}
