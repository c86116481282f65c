import _CryptoExtras
import Foundation
import PforteCrypto
import X509

/// The keys every target verifies with: committed test keys (Tests/fuzz/keys, never used
/// anywhere else), so the signed seeds in the corpus verify in every run. `make fuzz-seeds`
/// creates them when the folder is missing.
enum FuzzKeys {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("keys")

    /// Pforte's key directory (SAML, OIDC), as `pforte serve` creates it; loaded from a private
    /// copy, because git does not keep the 0600 modes the key directory insists on.
    static let pforte: LoadedKeySet = {
        let directory = folder.appendingPathComponent("pforte")
        if !FileManager.default.fileExists(atPath: directory.path) {
            try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            _ = try! KeyDirectory(url: directory).ensureKeys(certificateSubject: "idp.example")
        }
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-fuzz-keys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        try! FileManager.default.copyItem(at: directory, to: copy)
        try! FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: copy.path)
        for file in try! FileManager.default.contentsOfDirectory(atPath: copy.path) {
            try! FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: copy.appendingPathComponent(file).path)
        }
        return try! KeyDirectory(url: copy).loadKeySet()
    }()

    static let pforteSAML: SAMLKeyMaterial = pforte.saml.active.material

    /// The eID-Server's WS-Security key.
    static let eidServer = PeerKey(folder.appendingPathComponent("eid-server"))
}

/// A peer's RSA signing key with a self-signed certificate, valid for ten years around
/// ``fuzzNow``: `key.pem` and `cert.pem` in `folder`, made on first use.
struct PeerKey: Sendable {
    let privateKeyPEM: String
    let certificatePEM: String

    init(_ folder: URL) {
        let keyFile = folder.appendingPathComponent("key.pem")
        let certificateFile = folder.appendingPathComponent("cert.pem")
        if !FileManager.default.fileExists(atPath: keyFile.path) {
            let privateKey = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
            let key = Certificate.PrivateKey(privateKey)
            let name = try! DistinguishedName { CommonName(folder.lastPathComponent) }
            let certificate = try! Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
                notValidBefore: fuzzNow.addingTimeInterval(-86400 * 365 * 5), notValidAfter: fuzzNow.addingTimeInterval(86400 * 365 * 5),
                issuer: name, subject: name, signatureAlgorithm: .sha256WithRSAEncryption,
                extensions: Certificate.Extensions {}, issuerPrivateKey: key
            )
            try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try! Data(privateKey.pemRepresentation.utf8).write(to: keyFile)
            try! Data(certificate.serializeAsPEM().pemString.utf8).write(to: certificateFile)
        }
        privateKeyPEM = try! String(contentsOf: keyFile, encoding: .utf8)
        certificatePEM = try! String(contentsOf: certificateFile, encoding: .utf8)
    }
}
