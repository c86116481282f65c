import Crypto
import Foundation
import PforteXML
import X509
import _CryptoExtras

/// Keys and self-signed certificates generated at test time (never committed), once per run.
struct TestIdentity: Sendable {
    let privateKeyPEM: String
    let certificatePEM: String
    let signingKey: XMLSigningKey
    let verificationKey: XMLVerificationKey

    init(commonName: String, keySize: _RSA.Signing.KeySize = .bits2048) {
        let key = try! _RSA.Signing.PrivateKey(keySize: keySize)
        privateKeyPEM = key.pemRepresentation
        certificatePEM = Self.selfSignedCertificatePEM(commonName: commonName, key: Certificate.PrivateKey(key))
        signingKey = try! XMLSigningKey(privateKeyPEM: privateKeyPEM, certificatePEM: certificatePEM)
        verificationKey = try! XMLVerificationKey(certificatePEM: certificatePEM)
    }

    static func selfSignedCertificatePEM(
        commonName: String, key: Certificate.PrivateKey,
        algorithm: Certificate.SignatureAlgorithm = .sha256WithRSAEncryption
    ) -> String {
        let name = try! DistinguishedName { CommonName(commonName) }
        let now = Date()
        let certificate = try! Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.publicKey,
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(86400),
            issuer: name,
            subject: name,
            signatureAlgorithm: algorithm,
            extensions: Certificate.Extensions {},
            issuerPrivateKey: key
        )
        return try! certificate.serializeAsPEM().pemString
    }
}

enum TestPKI {
    /// The signer (our IdP, or a trusted partner).
    static let idp = TestIdentity(commonName: "Pforte test IdP")
    /// A partner that is trusted too, but did not sign.
    static let partner = TestIdentity(commonName: "Pforte test partner")
    /// Someone not trusted at all.
    static let attacker = TestIdentity(commonName: "Pforte test attacker")
}
