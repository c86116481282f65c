import Foundation
import Hummingbird
import HummingbirdTesting
import PforteCrypto
import Testing

/// The OIDC discovery document and JWKS as relying parties fetch them.
@Suite struct DiscoveryTests {
    @Test func discoveryNamesTheIssuerAndItsEndpoints() async throws {
        try await withTestApplication(configure: { $0.server.publicURL = URL(string: "https://login.example.de/") }) { client in
            try await client.execute(uri: "/.well-known/openid-configuration", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.headers[.cacheControl] == "public, max-age=300")
                let metadata = try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
                #expect(metadata["issuer"] as? String == "https://login.example.de")
                #expect(metadata["jwks_uri"] as? String == "https://login.example.de/jwks")
                #expect(metadata["token_endpoint"] as? String == "https://login.example.de/token")
                #expect(metadata["subject_types_supported"] as? [String] == ["pairwise"])
                #expect(metadata["backchannel_logout_supported"] as? Bool == true)
                #expect(metadata["ui_locales_supported"] as? [String] == ["de", "en"])
            }
        }
    }

    /// Every OIDC key of the directory — including a `next` key after the first rotation step —
    /// is published, with public members only.
    @Test func theJWKSListsEveryPublishedKeyWithoutPrivateMembers() async throws {
        let keys = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-jwks-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: keys) }
        let directory = KeyDirectory(url: keys)
        try directory.ensureKeys(certificateSubject: "test")
        try directory.rotate(.oidcES256, keepRetiredFor: 3600, certificateSubject: "test")
        let expected = Set(try directory.list().filter { $0.purpose != .saml }.map(\.kid))
        #expect(expected.count == 3)

        try await withTestApplication(configure: { $0.paths.keys = keys.path }) { client in
            try await client.execute(uri: "/jwks", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.headers[.cacheControl] == "public, max-age=300")
                let document = try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any])
                let published = try #require(document["keys"] as? [[String: Any]])
                #expect(Set(published.compactMap { $0["kid"] as? String }) == expected)
                for key in published {
                    #expect(key["use"] as? String == "sig")
                    #expect(["ES256", "RS256"].contains(key["alg"] as? String))
                    #expect(Set(key.keys).isDisjoint(with: ["d", "p", "q", "dp", "dq", "qi"]))
                }
            }
        }
    }
}
