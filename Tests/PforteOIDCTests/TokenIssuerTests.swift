import Foundation
import JWTKit
import PforteCore
import PforteCrypto
import Testing

@testable import PforteOIDC

@Suite struct TokenIssuerTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)
    private let metadata = ProviderMetadata(publicURL: URL(string: "https://idp.example")!)

    private func withIssuer(_ body: (TokenIssuer, TokenSigner) async throws -> Void) async throws {
        try await OIDCFixtures.withKeys { keys, secret in
            let signer = try await TokenSigner(keys)
            try await body(TokenIssuer(metadata: metadata, signer: signer, subjects: PairwiseSubject(installationSecret: secret)), signer)
        }
    }

    private func payload(_ token: String) throws -> [String: Any] {
        try part(token, 1)
    }

    private func header(_ token: String) throws -> [String: Any] {
        try part(token, 0)
    }

    private func part(_ token: String, _ index: Int) throws -> [String: Any] {
        let data = try #require(Data(base64URLEncoded: String(token.split(separator: ".")[index])))
        let object = try JSONSerialization.jsonObject(with: data)
        return try #require(object as? [String: Any])
    }

    @Test func theIDTokenCarriesTheProtocolClaims() async throws {
        try await withIssuer { issuer, signer in
            let client = try OIDCFixtures.confidential()
            let grant = CodeGrant(request: try OIDCFixtures.validated(), session: OIDCFixtures.session())
            let token = try await issuer.idToken(for: grant, client: client, now: now)
            let claims = try payload(token)
            #expect(claims["iss"] as? String == "https://idp.example" && claims["aud"] as? String == "portal")
            #expect(claims["sub"] as? String == issuer.subject(of: grant, client: client))
            #expect(claims["exp"] as? Int == 1_800_000_000 + client.idTokenLifetime && claims["iat"] as? Int == 1_800_000_000)
            #expect(claims["nonce"] as? String == "n-1" && claims["acr"] as? String == TrustLevel.normal.eidasURI)
            #expect(claims["amr"] as? [String] == ["pwd"] && claims["sid"] as? String == "c2Vzc2lvbg")
            #expect(claims["auth_time"] as? Int == 1_800_000_000 - 60)
            #expect(try header(token)["alg"] as? String == "ES256" && header(token)["kid"] != nil)
            let refreshed = try payload(try await issuer.idToken(for: grant, client: client, now: now, refreshed: true))
            #expect(refreshed["nonce"] == nil, "OIDC Core §12.2")
            #expect(await signer.verifyIDTokenHint(token, issuer: "https://idp.example")?.sid == "c2Vzc2lvbg")
            #expect(await signer.verifyIDTokenHint(token, issuer: "https://other.example") == nil)
        }
    }

    @Test func accessTokensAreRFC9068JWTsAndNoIDTokenPassesForOne() async throws {
        try await withIssuer { issuer, signer in
            let client = try OIDCFixtures.confidential()
            let grant = CodeGrant(request: try OIDCFixtures.validated(), session: OIDCFixtures.session())
            let access = try await issuer.accessToken(for: grant, client: client, now: now)
            #expect(try header(access.token)["typ"] as? String == "at+jwt")
            let claims = await signer.verifyAccessToken(access.token, issuer: "https://idp.example", audience: issuer.userinfoEndpoint, now: now)
            #expect(claims?.jti == access.tokenID && claims?.clientID == "portal" && claims?.scope == "openid email")
            #expect(await signer.verifyAccessToken(access.token, issuer: "https://idp.example", audience: nil,
                                                   now: now.addingTimeInterval(TimeInterval(client.accessTokenLifetime))) == nil)
            let idToken = try await issuer.idToken(for: grant, client: client, now: now)
            #expect(await signer.verifyAccessToken(idToken, issuer: "https://idp.example", audience: nil, now: now) == nil)
            #expect(await signer.verifyIDTokenHint(access.token, issuer: "https://idp.example") == nil)
            var tampered = access.token.split(separator: ".").map(String.init)
            tampered[1] = Data(#"{"iss":"https://idp.example"}"#.utf8).base64URLEncoded
            #expect(await signer.verifyAccessToken(tampered.joined(separator: "."), issuer: "https://idp.example", audience: nil, now: now) == nil)
        }
    }

    @Test func logoutTokensFollowBackChannelLogout() async throws {
        try await withIssuer { issuer, _ in
            let client = try ClientRegistration(clientID: "rp", name: "RP", redirectURIs: ["https://rp.example/cb"],
                                                idTokenSignedResponseAlg: .rs256)
            let token = try await issuer.logoutToken(subject: "sub-1", sessionReference: "sid-1", client: client, now: now)
            #expect(try header(token)["typ"] as? String == "logout+jwt" && header(token)["alg"] as? String == "RS256")
            let claims = try payload(token)
            #expect(claims["sub"] as? String == "sub-1" && claims["sid"] as? String == "sid-1" && claims["aud"] as? String == "rp")
            #expect((claims["events"] as? [String: Any])?[TokenIssuer.backChannelLogoutEvent] != nil)
            #expect(claims["nonce"] == nil && claims["jti"] != nil)
        }
    }
}
