import _CryptoExtras
import Crypto
public import Foundation
import JWTKit
public import PforteCrypto

/// Signs ID and access tokens with the active OIDC keys of the key directory, with their `kid`
/// in the header, and verifies Pforte's own access tokens against every published key (a token
/// signed just before a rotation stays valid until it expires).
public struct TokenSigner: Sendable {
    /// RFC 9068 §2.1.
    static let accessTokenType = "at+jwt"
    /// Back-Channel Logout §2.4 recommends an explicit type, so a logout token can never pass
    /// for an ID token.
    static let logoutTokenType = "logout+jwt"

    private let keys: JWTKeyCollection
    private let activeKIDs: [SigningAlgorithm: String]

    public init(_ loaded: LoadedKeySet) async throws {
        let keys = JWTKeyCollection()
        for key in loaded.oidcES256.published {
            await keys.add(ecdsa: try ES256PrivateKey(backing: key.material), kid: JWKIdentifier(string: key.entry.kid))
        }
        for key in loaded.oidcRS256.published {
            await keys.add(rsa: try Insecure.RSA.PrivateKey(backing: key.material), digestAlgorithm: .sha256,
                           kid: JWKIdentifier(string: key.entry.kid))
        }
        self.keys = keys
        activeKIDs = [.es256: loaded.oidcES256.active.entry.kid, .rs256: loaded.oidcRS256.active.entry.kid]
    }

    /// The ID token, signed with the client's `id_token_signed_response_alg`.
    public func sign(_ claims: IDTokenClaims, algorithm: SigningAlgorithm) async throws -> String {
        try await sign(claims, algorithm: algorithm, type: "JWT")
    }

    /// Access tokens are always ES256: only Pforte verifies them.
    public func sign(_ claims: AccessTokenClaims) async throws -> String {
        try await sign(claims, algorithm: .es256, type: Self.accessTokenType)
    }

    public func sign(_ claims: LogoutTokenClaims, algorithm: SigningAlgorithm) async throws -> String {
        try await sign(claims, algorithm: algorithm, type: Self.logoutTokenType)
    }

    /// The claims of an access token Pforte issued, or `nil` when the token is not one: a bad
    /// signature, another `typ` (an ID token is no access token, RFC 9068 §4), another issuer,
    /// another audience than `audience` (any of Pforte's when `nil`), or expired at `now`.
    public func verifyAccessToken(_ token: String, issuer: String, audience: String?, now: Date) async -> AccessTokenClaims? {
        guard let header = JWSHeader(token: token), header.acceptedAlgorithm != nil, header.typ == Self.accessTokenType,
              let claims = try? await keys.verify(token, as: AccessTokenClaims.self),
              claims.iss == issuer, audience.map({ claims.aud == $0 }) ?? true,
              TimeInterval(claims.exp) > now.timeIntervalSince1970
        else { return nil }
        return claims
    }

    /// The claims of an ID token Pforte issued, presented back as `id_token_hint`, or `nil` when
    /// the signature or issuer does not verify. Expiry is not checked: a hint is typically
    /// presented after the token expired (RP-Initiated Logout §2).
    public func verifyIDTokenHint(_ token: String, issuer: String) async -> IDTokenClaims? {
        guard let header = JWSHeader(token: token), header.acceptedAlgorithm != nil, header.typ == "JWT",
              let claims = try? await keys.verify(token, as: IDTokenClaims.self), claims.iss == issuer
        else { return nil }
        return claims
    }

    private func sign(_ payload: some JWTPayload, algorithm: SigningAlgorithm, type: String) async throws -> String {
        var header = JWTHeader()
        header.typ = type
        header.alg = algorithm.rawValue
        // Both active keys always exist: the key directory creates them at start.
        return try await keys.sign(payload, kid: JWKIdentifier(string: activeKIDs[algorithm]!), header: header)
    }
}
