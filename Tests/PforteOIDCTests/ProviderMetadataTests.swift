import Foundation
import PforteCore
import Testing

@testable import PforteOIDC

@Suite struct ProviderMetadataTests {
    private func document(_ url: String) throws -> [String: Any] {
        let data = ProviderMetadata(publicURL: try #require(URL(string: url))).jsonDocument()
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func theIssuerHasNoTrailingSlashAndEndpointsHangOffIt() throws {
        let metadata = try document("https://login.example.de/")
        #expect(metadata["issuer"] as? String == "https://login.example.de")
        #expect(metadata["authorization_endpoint"] as? String == "https://login.example.de/authorize")
        #expect(metadata["jwks_uri"] as? String == "https://login.example.de/jwks")
        #expect(metadata["pushed_authorization_request_endpoint"] as? String == "https://login.example.de/par")
        #expect(metadata["end_session_endpoint"] as? String == "https://login.example.de/logout")
        #expect(try document("https://example.de/pforte")["token_endpoint"] as? String == "https://example.de/pforte/token")
    }

    @Test func theProfileIsCodeFlowWithPairwiseSubjectsAndEIDASLevels() throws {
        let metadata = try document("https://login.example.de")
        #expect(metadata["response_types_supported"] as? [String] == ["code"])
        #expect(metadata["subject_types_supported"] as? [String] == ["pairwise"])
        #expect(metadata["code_challenge_methods_supported"] as? [String] == ["S256"])
        #expect(metadata["id_token_signing_alg_values_supported"] as? [String] == ["ES256", "RS256"])
        #expect(metadata["acr_values_supported"] as? [String] == TrustLevel.allCases.map(\.eidasURI))
        #expect(metadata["scopes_supported"] as? [String] == ["openid", "profile", "email", "address", "birthdate", "trust_level", "organisation"])
        #expect(metadata["authorization_response_iss_parameter_supported"] as? Bool == true)
        #expect(metadata["request_uri_parameter_supported"] as? Bool == false)
        let claims = try #require(metadata["claims_supported"] as? [String])
        #expect(Set(["sub", "acr", "email", "trust_level", "birthdate", "organisation"]).isSubset(of: claims))
        #expect(metadata["introspection_endpoint_auth_methods_supported"] as? [String] == ["client_secret_basic", "client_secret_post", "private_key_jwt"])
    }
}
