import Crypto
import Foundation
import PforteCrypto

/// Proof Key for Code Exchange (RFC 7636) with the `S256` method only (design §7): `plain`
/// would hand the verifier to anyone who sees the authorization request.
public enum PKCE {
    /// RFC 7636 §4.1: 43–128 characters of `A–Z a–z 0–9 - . _ ~`.
    public static func isWellFormedVerifier(_ verifier: String) -> Bool {
        (43...128).contains(verifier.utf8.count) && verifier.utf8.allSatisfy(isUnreserved)
    }

    /// An S256 challenge is the base64url SHA-256 of a verifier: exactly 43 characters.
    public static func isWellFormedChallenge(_ challenge: String) -> Bool {
        challenge.utf8.count == 43 && Data(base64URLEncoded: challenge)?.count == 32
    }

    /// Whether `verifier` is the one the client committed to with `challenge` (RFC 7636 §4.6).
    public static func verify(verifier: String, challenge: String) -> Bool {
        guard isWellFormedVerifier(verifier) else { return false }
        return Self.challenge(for: verifier) == challenge
    }

    /// The S256 challenge of `verifier`: BASE64URL(SHA256(ASCII(verifier))).
    public static func challenge(for verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64URLEncoded
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): true
        default: false
        }
    }
}
