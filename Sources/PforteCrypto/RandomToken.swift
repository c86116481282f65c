import Crypto

/// Random values that stand for a secret in a cookie, a link or a form: 256 bits from the
/// system's CSPRNG, in base64url — 43 characters, safe in URLs and cookies unescaped.
public enum RandomToken {
    public static let byteCount = 32

    public static func make() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { $0.base64URLEncoded }
    }
}
