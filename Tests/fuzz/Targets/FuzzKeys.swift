import _CryptoExtras
import Crypto
import Foundation
import PforteCrypto
import X509

/// The keys every target verifies with, made once per process: Pforte's own (a key directory,
/// as `pforte serve` creates it) and the eID-Server's.
enum FuzzKeys {
    static let pforte: LoadedKeySet = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-fuzz-keys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let directory = KeyDirectory(url: url)
        _ = try! directory.ensureKeys(certificateSubject: "idp.example")
        return try! directory.loadKeySet()
    }()

    static let pforteSAML: SAMLKeyMaterial = pforte.saml.active.material

    static let eidServer = PeerKey(commonName: "eID-Server")
}

/// A peer's RSA signing key with a self-signed certificate, valid around ``fuzzNow``.
struct PeerKey: Sendable {
    let privateKeyPEM: String
    let certificatePEM: String

    init(commonName: String) {
        let privateKey = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
        let key = Certificate.PrivateKey(privateKey)
        let name = try! DistinguishedName { CommonName(commonName) }
        let certificate = try! Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
            notValidBefore: fuzzNow.addingTimeInterval(-86400 * 365), notValidAfter: fuzzNow.addingTimeInterval(86400 * 365),
            issuer: name, subject: name, signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: Certificate.Extensions {}, issuerPrivateKey: key
        )
        privateKeyPEM = privateKey.pemRepresentation
        certificatePEM = try! certificate.serializeAsPEM().pemString
    }
}
