public import Crypto
import Foundation

/// One random secret per installation, from which Pforte derives the keys that are neither a
/// user's nor a signing key: the CSRF key of the forms, the key that seals each account's secret
/// question (readable at a password reset without any user secret, but not from a copy of the
/// database), and later the pairwise-subject and pseudonym keys (design §5).
///
/// It lives in the key directory as `installation-secret` (0600), so every node that has the
/// keys has it, and a stolen database does not. Purposes get independent keys by HKDF
/// (RFC 5869) with the purpose as `info`, so one key's use reveals nothing of another's.
public struct InstallationSecret: Sendable {
    static let fileName = "installation-secret"
    private let material: SymmetricKey

    init(material: SymmetricKey) {
        self.material = material
    }

    /// The 256-bit key for `purpose`, e.g. `"csrf"` or `"secret-question"`.
    public func key(for purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: material, info: Data("pforte installation key v1: \(purpose)".utf8), outputByteCount: 32
        )
    }
}

extension KeyDirectory {
    /// Reads the installation secret, creating it on first use (under the directory's lock, so
    /// two nodes starting at once agree on one secret).
    public func installationSecret() throws -> InstallationSecret {
        let file = url.appendingPathComponent(InstallationSecret.fileName)
        if SecureFileIO.fileExists(file) {
            return try Self.decode(try SecureFileIO.readPrivateFile(file), path: file.path)
        }
        try SecureFileIO.prepareDirectory(url, create: true)
        return try SecureFileIO.withExclusiveLock(file: lockURL) {
            if SecureFileIO.fileExists(file) {
                return try Self.decode(try SecureFileIO.readPrivateFile(file), path: file.path)
            }
            let material = SymmetricKey(size: .bits256)
            try SecureFileIO.writePrivateFile(Data(material.withUnsafeBytes { $0.base64URLEncoded }.utf8), to: file)
            return InstallationSecret(material: material)
        }
    }

    /// Reads the installation secret without creating it: nil when the directory has none.
    public func existingInstallationSecret() throws -> InstallationSecret? {
        let file = url.appendingPathComponent(InstallationSecret.fileName)
        guard SecureFileIO.fileExists(file) else { return nil }
        return try Self.decode(try SecureFileIO.readPrivateFile(file), path: file.path)
    }

    private static func decode(_ contents: Data, path: String) throws -> InstallationSecret {
        let text = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64URLEncoded: text), bytes.count == 32 else {
            throw KeyStoreError(.unreadableFile, path: path, "not 32 bytes in base64url")
        }
        return InstallationSecret(material: SymmetricKey(data: bytes))
    }
}

extension InstallationSecret {
    /// Names the installation without revealing the secret: an HMAC under a key derived for
    /// this purpose alone, so the fingerprint stored in the database helps no one derive any
    /// other key. Two nodes with the same secret have the same fingerprint.
    public var fingerprint: String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("pforte installation fingerprint".utf8), using: key(for: "installation-fingerprint"))
        return Data(Data(mac).prefix(16)).base64URLEncoded
    }
}
