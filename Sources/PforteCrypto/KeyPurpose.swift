/// What a key in `keys/` is for. Each purpose has its own rotation cycle.
public enum KeyPurpose: String, CaseIterable, Sendable, Codable {
    /// ECDSA P-256 key for ES256, the default ID token algorithm.
    case oidcES256 = "oidc-es256"
    /// RSA-3072 key for RS256, for relying parties that cannot verify ES256.
    case oidcRS256 = "oidc-rs256"
    /// RSA-3072 key with a self-signed certificate for SAML signatures (RSA-SHA256) and for
    /// decrypting what SPs encrypt to us (RSA-OAEP key transport).
    case saml = "saml"

    /// RSA-3072 gives about 128-bit security (NIST SP 800-57 Part 1, Table 2), matching P-256.
    static let rsaKeyBits = 3072

    func keyFileName(kid: String) -> String { "\(rawValue)-\(kid).key.pem" }

    func certificateFileName(kid: String) -> String? {
        self == .saml ? "\(rawValue)-\(kid).cert.pem" : nil
    }
}
