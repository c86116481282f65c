import Crypto
import _CryptoExtras
import Foundation

/// Fresh key material for one purpose, as it is written to disk.
struct GeneratedKey {
    let kid: String
    /// PKCS #8 PEM, the format both swift-crypto and xmlsec read.
    let privateKeyPEM: String
    let certificatePEM: String?

    init(_ purpose: KeyPurpose, certificateSubject: String, now: Date) throws {
        do {
            switch purpose {
            case .oidcES256:
                let key = P256.Signing.PrivateKey()
                kid = JWK(publicKey: key.publicKey).kid
                privateKeyPEM = key.pemRepresentation
                certificatePEM = nil
            case .oidcRS256:
                let key = try _RSA.Signing.PrivateKey(keySize: .init(bitCount: KeyPurpose.rsaKeyBits))
                kid = try JWK(publicKey: key.publicKey).kid
                privateKeyPEM = key.pkcs8PEMRepresentation
                certificatePEM = nil
            case .saml:
                try SelfSignedCertificate.checkCommonName(certificateSubject)
                let key = try _RSA.Signing.PrivateKey(keySize: .init(bitCount: KeyPurpose.rsaKeyBits))
                let (n, e) = try JWK.rsaMembers(of: key.publicKey)
                kid = JWKThumbprint.rsa(e: e, n: n)
                privateKeyPEM = key.pkcs8PEMRepresentation
                certificatePEM = try SelfSignedCertificate.make(for: key, commonName: certificateSubject, now: now)
            }
        } catch let error as KeyStoreError {
            throw error
        } catch {
            throw KeyStoreError(.generationFailed, "\(purpose.rawValue): \(error)")
        }
    }
}
