import _CryptoExtras
import Foundation
import X509

/// The self-signed certificate that carries our SAML key in metadata.
///
/// SAML peers trust the key because it is in metadata they obtained securely, not because of
/// a CA, so a self-signed certificate is the usual form (SAML V2.0 Metadata Interoperability
/// Profile). It is an end-entity certificate allowing digital signatures and key encipherment
/// (RSA-OAEP key transport), signed with SHA-256 with RSA, with a random 20-byte serial.
enum SelfSignedCertificate {
    /// Ten years: peers do not enforce the validity period of metadata keys, and rotation, not
    /// expiry, is how the key is replaced.
    static let validity: TimeInterval = 10 * 365 * 24 * 60 * 60

    /// X.520 upper bound for a common name.
    static let maximumCommonNameLength = 64

    /// Checked before the (slow) key generation rather than when the certificate is made.
    static func checkCommonName(_ commonName: String) throws {
        guard !commonName.isEmpty, commonName.count <= maximumCommonNameLength else {
            throw KeyStoreError(.generationFailed, "certificate subject must be 1 to \(maximumCommonNameLength) characters")
        }
    }

    /// - Precondition: `commonName` passed ``checkCommonName(_:)``.
    static func make(for key: _RSA.Signing.PrivateKey, commonName: String, now: Date) throws -> String {
        let issuerKey = Certificate.PrivateKey(key)
        let name = try DistinguishedName { CommonName(commonName) }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: issuerKey.publicKey,
            notValidBefore: now,
            notValidAfter: now.addingTimeInterval(validity),
            issuer: name,
            subject: name,
            signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                SubjectKeyIdentifier(hash: issuerKey.publicKey)
            },
            issuerPrivateKey: issuerKey
        )
        return try certificate.serializeAsPEM().pemString
    }
}
