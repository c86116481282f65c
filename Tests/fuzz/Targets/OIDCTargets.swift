import Foundation
import JWTKit
import PforteCrypto
@testable import PforteOIDC

/// The JWTs a client or browser hands Pforte: `client_assertion` (`private_key_jwt`) at the
/// token, PAR, introspection and revocation endpoints, and `id_token_hint` at `/authorize` and
/// `/logout` (Pforte's own access tokens take the same path at `/userinfo`).
enum OIDCTargets {
    static let issuer = "https://idp.example"
    static let tokenEndpoint = issuer + "/token"
    static let clientID = "portal"

    /// The client registered Pforte's published keys as its own `jwks`: keys the seeds can sign with.
    static let clientKeys: ClientKeySet = try! JSONDecoder().decode(ClientKeySet.self, from: JSONEncoder().encode(FuzzKeys.pforte.jwks))
    static let signer: TokenSigner = blocking { try! await TokenSigner(FuzzKeys.pforte) }

    static let clientAssertion = FuzzTarget(name: "client-assertion", run: { data in
        let assertion = String(decoding: data, as: UTF8.self)
        _ = blocking {
            try? await ClientAssertion.verify(assertion, clientID: clientID, keys: clientKeys, audiences: [tokenEndpoint, issuer], now: fuzzNow)
        }
    }, seeds: {
        let claims = ClientAssertionClaims(
            iss: clientID, sub: clientID, aud: AudienceClaim(value: [tokenEndpoint]), exp: Int(fuzzNow.timeIntervalSince1970) + 60,
            nbf: nil, jti: "j-1"
        )
        return try blocking { () -> Result<[String: Data], any Error> in
            do {
                var seeds: [String: Data] = [:]
                for algorithm in [SigningAlgorithm.es256, .rs256] {
                    let keys = JWTKeyCollection()
                    let kid: JWKIdentifier
                    switch algorithm {
                    case .es256:
                        kid = JWKIdentifier(string: FuzzKeys.pforte.oidcES256.active.entry.kid)
                        await keys.add(ecdsa: try ES256PrivateKey(backing: FuzzKeys.pforte.oidcES256.active.material), kid: kid)
                    case .rs256:
                        kid = JWKIdentifier(string: FuzzKeys.pforte.oidcRS256.active.entry.kid)
                        await keys.add(rsa: try Insecure.RSA.PrivateKey(backing: FuzzKeys.pforte.oidcRS256.active.material),
                                       digestAlgorithm: .sha256, kid: kid)
                    }
                    seeds["assertion-\(algorithm.rawValue)"] = Data(try await keys.sign(claims, kid: kid).utf8)
                }
                return .success(seeds)
            } catch {
                return .failure(error)
            }
        }.get()
    })

    static let idTokenHint = FuzzTarget(name: "id-token-hint", run: { data in
        let token = String(decoding: data, as: UTF8.self)
        _ = blocking {
            let hint = await signer.verifyIDTokenHint(token, issuer: issuer)
            let access = await signer.verifyAccessToken(token, issuer: issuer, audience: nil, now: fuzzNow)
            return hint == nil && access == nil
        }
    }, seeds: {
        let now = Int(fuzzNow.timeIntervalSince1970)
        let claims = IDTokenClaims(
            iss: issuer, sub: "s-1", aud: clientID, exp: now + 300, iat: now, authTime: now - 60, nonce: "n-1",
            acr: "http://eidas.europa.eu/LoA/low", amr: ["pwd"], sid: "c2Vzc2lvbg"
        )
        return try blocking { () -> Result<[String: Data], any Error> in
            do {
                return .success([
                    "id-token-ES256": Data(try await signer.sign(claims, algorithm: .es256).utf8),
                    "id-token-RS256": Data(try await signer.sign(claims, algorithm: .rs256).utf8),
                ])
            } catch {
                return .failure(error)
            }
        }.get()
    })
}
