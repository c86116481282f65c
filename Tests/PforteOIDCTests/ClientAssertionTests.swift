import Crypto
import Foundation
import JWTKit
import Testing

@testable import PforteOIDC

@Suite struct ClientAssertionTests {
    private static let audience = "https://idp.example/token"
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    private struct Claims: JWTPayload {
        var iss = "portal"
        var sub = "portal"
        var aud = ClientAssertionTests.audience
        var exp = 1_800_000_060
        var jti: String? = "j-1"
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    private let key = ES256PrivateKey()

    private var keySet: ClientKeySet {
        get throws {
            let parameters = key.publicKey.parameters!
            let json = #"{"keys":[{"kty":"EC","crv":"P-256","kid":"k1","x":"\#(parameters.x)","y":"\#(parameters.y)"}]}"#
            return try JSONDecoder().decode(ClientKeySet.self, from: Data(json.utf8))
        }
    }

    private func sign(_ claims: Claims, with signingKey: ES256PrivateKey? = nil) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: signingKey ?? key, kid: "k1")
        return try await keys.sign(claims, kid: "k1")
    }

    private func verify(_ assertion: String) async throws -> Result<ClientAssertion.Verified, TokenError> {
        let keys = try keySet
        do {
            return .success(try await ClientAssertion.verify(assertion, clientID: "portal", keys: keys,
                                                             audiences: [Self.audience, "https://idp.example"], now: now))
        } catch {
            return .failure(error)
        }
    }

    @Test func aValidAssertionYieldsItsJtiAndExpiry() async throws {
        let verified = try await verify(try await sign(Claims()))
        #expect(verified == .success(ClientAssertion.Verified(jti: "j-1", expiresAt: now.addingTimeInterval(60))))
        var toIssuer = Claims()
        toIssuer.aud = "https://idp.example"
        #expect(try await verify(try await sign(toIssuer)) == .success(ClientAssertion.Verified(jti: "j-1", expiresAt: now.addingTimeInterval(60))))
    }

    @Test func wrongClaimsAreRefused() async throws {
        var variants: [Claims] = []
        var claims = Claims()
        claims.aud = "https://elsewhere.example/token"
        variants.append(claims)
        claims = Claims()
        claims.iss = "other"
        variants.append(claims)
        claims = Claims()
        claims.exp = 1_799_999_999
        variants.append(claims)
        claims = Claims()
        claims.exp = 1_800_000_000 + 7200
        variants.append(claims)
        claims = Claims()
        claims.jti = nil
        variants.append(claims)
        for variant in variants {
            guard case .failure(let error) = try await verify(try await sign(variant)) else {
                Issue.record("accepted \(variant)")
                continue
            }
            #expect(error.error.code == .invalidClient)
        }
    }

    @Test func anotherKeyNoneAndHMACAreRefused() async throws {
        guard case .failure = try await verify(try await sign(Claims(), with: ES256PrivateKey())) else {
            Issue.record("accepted a foreign key")
            return
        }
        let payload = Data(#"{"iss":"portal","sub":"portal","aud":"\#(Self.audience)","exp":1800000060,"jti":"x"}"#.utf8).base64URLEncoded
        let none = Data(#"{"alg":"none"}"#.utf8).base64URLEncoded + "." + payload + "."
        guard case .failure = try await verify(none) else {
            Issue.record("accepted alg none")
            return
        }
        // HS256 keyed with the client's public key, the algorithm-confusion attack.
        let header = Data(#"{"alg":"HS256","kid":"k1"}"#.utf8).base64URLEncoded
        let secret = SymmetricKey(data: Data(key.publicKey.pemRepresentation.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(header).\(payload)".utf8), using: secret)
        guard case .failure = try await verify("\(header).\(payload).\(Data(mac).base64URLEncoded)") else {
            Issue.record("accepted HS256")
            return
        }
    }
}
