import _CryptoExtras
public import Foundation
import JWTKit

/// `private_key_jwt` client authentication (OIDC Core §9, RFC 7523 §2.2, §3): a JWT the client
/// signs with a key whose public half it registered.
public enum ClientAssertion {
    /// RFC 7523 §2.2.
    public static let type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    /// An assertion is single-use (its `jti` is recorded until `exp`); a far `exp` would keep
    /// that record, and the assertion's usefulness to a thief, needlessly long.
    public static let maximumLifetime: TimeInterval = 3600

    /// What a verified assertion needs to be recorded as used.
    public struct Verified: Sendable, Equatable {
        public let jti: String
        public let expiresAt: Date
    }

    /// Verifies `assertion` for `clientID` with the client's registered keys.
    ///
    /// - Parameter audiences: what `aud` may name: the endpoint's URL or the issuer (OIDC Core
    ///   §9 names the token endpoint; RFC 7523 §3 allows the issuer).
    public static func verify(_ assertion: String, clientID: String, keys: ClientKeySet, audiences: Set<String>,
                              now: Date) async throws(TokenError) -> Verified {
        guard let header = JWSHeader(token: assertion) else { throw TokenError(.invalidClient, "the client assertion is no JWS") }
        guard let algorithm = header.acceptedAlgorithm else {
            throw TokenError(.invalidClient, "client assertions must be signed with ES256 or RS256, not \(header.alg)")
        }
        let candidates = keys.keys.filter { key in
            (header.kid == nil || key.kid == header.kid) && key.kty == (algorithm == .es256 ? "EC" : "RSA")
                && (key.alg == nil || key.alg == algorithm.rawValue)
        }
        var claims: ClientAssertionClaims?
        for key in candidates {
            if let verified = try? await verify(assertion, with: key, algorithm: algorithm) {
                claims = verified
                break
            }
        }
        guard let claims else { throw TokenError(.invalidClient, "the client assertion's signature does not verify with the client's keys") }
        guard claims.iss == clientID, claims.sub == clientID else {
            throw TokenError(.invalidClient, "the client assertion's iss and sub must be the client_id")
        }
        guard !audiences.isDisjoint(with: claims.aud.value) else {
            throw TokenError(.invalidClient, "the client assertion's aud must name this endpoint or the issuer")
        }
        let expiresAt = Date(timeIntervalSince1970: TimeInterval(claims.exp))
        guard expiresAt > now else { throw TokenError(.invalidClient, "the client assertion has expired") }
        guard expiresAt.timeIntervalSince(now) <= maximumLifetime else {
            throw TokenError(.invalidClient, "the client assertion's exp is more than \(Int(maximumLifetime)) seconds ahead")
        }
        if let nbf = claims.nbf, TimeInterval(nbf) > now.timeIntervalSince1970 + 60 {
            throw TokenError(.invalidClient, "the client assertion is not yet valid")
        }
        guard let jti = claims.jti, !jti.isEmpty else { throw TokenError(.invalidClient, "the client assertion has no jti") }
        return Verified(jti: jti, expiresAt: expiresAt)
    }

    private static func verify(_ assertion: String, with key: ClientKey, algorithm: SigningAlgorithm) async throws -> ClientAssertionClaims {
        let collection = JWTKeyCollection()
        switch algorithm {
        case .es256:
            guard let x = key.x, let y = key.y else { throw TokenError(.invalidClient, "incomplete EC key") }
            await collection.add(ecdsa: try ES256PublicKey(parameters: (x, y)))
        case .rs256:
            guard let n = key.n, let e = key.e else { throw TokenError(.invalidClient, "incomplete RSA key") }
            await collection.add(rsa: try Insecure.RSA.PublicKey(modulus: n, exponent: e), digestAlgorithm: .sha256)
        }
        return try await collection.verify(assertion, as: ClientAssertionClaims.self)
    }
}

/// The claims of a client assertion (RFC 7523 §3); checked by ``ClientAssertion`` against the
/// injected clock rather than here.
struct ClientAssertionClaims: JWTPayload {
    let iss: String
    let sub: String
    let aud: AudienceClaim
    let exp: Int
    let nbf: Int?
    let jti: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
