import Crypto
public import Foundation
import PforteCrypto

/// A confidential client's secret for `client_secret_basic` and `client_secret_post`.
///
/// Pforte generates it (256 random bits, base64url), shows it to the operator once, and keeps
/// only its SHA-256 digest. A fast hash suffices, unlike for passwords: 256 bits of entropy
/// cannot be guessed offline whatever the hash costs, while a slow hash would only make every
/// token request expensive — and an easy way to exhaust the token endpoint.
public struct ClientSecret: Sendable {
    /// The secret in clear; exists only between generation and printing it.
    public let value: String

    /// A new random secret.
    public static func generate() -> ClientSecret {
        ClientSecret(value: RandomToken.make())
    }

    /// The 32-byte digest to store.
    public var digest: Data {
        Self.digest(of: value)
    }

    /// Whether `presented` is the secret whose digest is `storedDigest`.
    ///
    /// The digests are compared in constant time: an early-exit comparison would tell an
    /// attacker, byte by byte, how close a guess's digest came — of little use against SHA-256,
    /// but checking every byte costs nothing.
    public static func verify(_ presented: String, against storedDigest: Data) -> Bool {
        let candidate = digest(of: presented)
        guard candidate.count == storedDigest.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(candidate, storedDigest) {
            difference |= left ^ right
        }
        return difference == 0
    }

    private static func digest(of secret: String) -> Data {
        Data(SHA256.hash(data: Data(secret.utf8)))
    }
}
