public import Foundation

/// Where a key is in its rotation cycle.
public enum KeyState: String, Sendable, Codable {
    /// Published (JWKS, SAML metadata) so that caches learn it before it is used, but not used
    /// to sign.
    case next
    /// Signs. Exactly one per purpose.
    case active
    /// No longer signs; still published until `keepUntil`, so that what it signed stays
    /// verifiable (and, for SAML, what SPs encrypted to it stays decryptable).
    case retired
}

/// One key as recorded in `keys/keyset.json`.
public struct KeyEntry: Codable, Sendable, Equatable {
    /// RFC 7638 SHA-256 thumbprint of the public key.
    public let kid: String
    public let purpose: KeyPurpose
    public internal(set) var state: KeyState
    public let createdAt: Date
    public internal(set) var activatedAt: Date?
    public internal(set) var retiredAt: Date?
    /// When a retired key and its files are removed, at the first rotation after this moment.
    public internal(set) var keepUntil: Date?
    /// File name of the PKCS #8 private key, relative to the key directory.
    public let keyFile: String
    /// File name of the X.509 certificate (SAML keys only), relative to the key directory.
    public let certificateFile: String?
}
