import Crypto
import _CryptoExtras
import Foundation
import X509

/// Reads a manifest entry's files and checks that they hold the key the entry names: the
/// thumbprint of the private key's public half must equal the `kid`, and a SAML certificate
/// must carry that same public key. A swapped or edited file is refused, not used.
enum KeyFileLoading {
    static func es256(_ entry: KeyEntry, in directory: URL) throws -> LoadedKey<P256.Signing.PrivateKey> {
        let (pem, path) = try privateKeyPEM(entry, in: directory)
        guard let key = try? P256.Signing.PrivateKey(pemRepresentation: pem) else {
            throw KeyStoreError(.keyMismatch, path: path, "not a PEM P-256 private key")
        }
        try expect(JWK(publicKey: key.publicKey).kid, equals: entry.kid, path: path)
        return LoadedKey(entry: entry, material: key)
    }

    static func rs256(_ entry: KeyEntry, in directory: URL) throws -> LoadedKey<_RSA.Signing.PrivateKey> {
        let (pem, path) = try privateKeyPEM(entry, in: directory)
        let key = try rsaKey(pem, path: path, kid: entry.kid)
        return LoadedKey(entry: entry, material: key)
    }

    static func saml(_ entry: KeyEntry, in directory: URL) throws -> LoadedKey<SAMLKeyMaterial> {
        let (keyPEM, keyPath) = try privateKeyPEM(entry, in: directory)
        let key = try rsaKey(keyPEM, path: keyPath, kid: entry.kid)
        guard let certificateFile = entry.certificateFile else {
            throw KeyStoreError(.manifestCorrupt, "key \(entry.kid): SAML key without certificate")
        }
        let certificateURL = directory.appendingPathComponent(certificateFile)
        let certificatePEM = String(decoding: try SecureFileIO.readPrivateFile(certificateURL), as: UTF8.self)
        guard let certificate = try? Certificate(pemEncoded: certificatePEM) else {
            throw KeyStoreError(.keyMismatch, path: certificateURL.path, "not a PEM X.509 certificate")
        }
        guard certificate.publicKey == Certificate.PublicKey(key.publicKey) else {
            throw KeyStoreError(.keyMismatch, path: certificateURL.path, "certificate is not for key \(entry.kid)")
        }
        return LoadedKey(entry: entry, material: SAMLKeyMaterial(privateKeyPEM: keyPEM, certificatePEM: certificatePEM))
    }

    private static func privateKeyPEM(_ entry: KeyEntry, in directory: URL) throws -> (pem: String, path: String) {
        let url = directory.appendingPathComponent(entry.keyFile)
        return (String(decoding: try SecureFileIO.readPrivateFile(url), as: UTF8.self), url.path)
    }

    private static func rsaKey(_ pem: String, path: String, kid: String) throws -> _RSA.Signing.PrivateKey {
        guard let key = try? _RSA.Signing.PrivateKey(pemRepresentation: pem),
              let (n, e) = try? JWK.rsaMembers(of: key.publicKey)
        else { throw KeyStoreError(.keyMismatch, path: path, "not a PEM RSA private key") }
        try expect(JWKThumbprint.rsa(e: e, n: n), equals: kid, path: path)
        return key
    }

    private static func expect(_ thumbprint: String, equals kid: String, path: String) throws {
        guard thumbprint == kid else {
            throw KeyStoreError(.keyMismatch, path: path, "holds key \(thumbprint), manifest says \(kid)")
        }
    }
}
