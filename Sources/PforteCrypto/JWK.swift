import Crypto
import _CryptoExtras
import Foundation

/// A public signing key as a JSON Web Key (RFC 7517, members per RFC 7518 §6), as served by the
/// OIDC `jwks_uri`. Its `kid` is the key's RFC 7638 thumbprint.
public struct JWK: Codable, Sendable, Equatable {
    public let kty: String
    public let crv: String?
    public let x: String?
    public let y: String?
    public let n: String?
    public let e: String?
    public let kid: String
    public let alg: String
    public let use: String

    /// An ES256 key. RFC 7518 §6.2.1.2 requires `x` and `y` at the full 32-byte coordinate
    /// length, which the raw representation (X ‖ Y) provides.
    init(publicKey: P256.Signing.PublicKey) {
        let raw = Array(publicKey.rawRepresentation)
        let x = raw.prefix(32).base64URLEncoded
        let y = raw.suffix(32).base64URLEncoded
        let kid = JWKThumbprint.ec(crv: "P-256", x: x, y: y)
        self.init(kty: "EC", crv: "P-256", x: x, y: y, n: nil, e: nil, kid: kid, alg: "ES256")
    }

    /// An RS256 key.
    init(publicKey: _RSA.Signing.PublicKey) throws {
        let (n, e) = try Self.rsaMembers(of: publicKey)
        self.init(kty: "RSA", crv: nil, x: nil, y: nil, n: n, e: e, kid: JWKThumbprint.rsa(e: e, n: n), alg: "RS256")
    }

    private init(kty: String, crv: String?, x: String?, y: String?, n: String?, e: String?, kid: String, alg: String) {
        self.kty = kty
        self.crv = crv
        self.x = x
        self.y = y
        self.n = n
        self.e = e
        self.kid = kid
        self.alg = alg
        self.use = "sig"
    }

    /// `n` and `e` as RFC 7518 §6.3.1 wants them: unsigned big-endian without leading zero
    /// octets, base64url.
    static func rsaMembers(of publicKey: _RSA.Signing.PublicKey) throws -> (n: String, e: String) {
        let primitives = try publicKey.getKeyPrimitives()
        return (
            n: primitives.modulus.drop { $0 == 0 }.base64URLEncoded,
            e: primitives.publicExponent.drop { $0 == 0 }.base64URLEncoded
        )
    }
}

/// A JWK Set (RFC 7517 §5), the body of the `jwks_uri` response.
public struct JWKSet: Codable, Sendable, Equatable {
    public let keys: [JWK]
}
