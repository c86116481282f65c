import Crypto
import PforteXML
import Testing
import X509
import _CryptoExtras

@Suite("Keys")
struct KeyTests {
    @Test func refusesGarbage() {
        let key = #expect(throws: XMLKeyError.self) {
            try XMLSigningKey(privateKeyPEM: "not a key", certificatePEM: TestPKI.idp.certificatePEM)
        }
        #expect(key?.code == .invalidPrivateKey)
        let certificate = #expect(throws: XMLKeyError.self) {
            try XMLSigningKey(privateKeyPEM: TestPKI.idp.privateKeyPEM, certificatePEM: "not a certificate")
        }
        #expect(certificate?.code == .invalidCertificate)
        let verification = #expect(throws: XMLKeyError.self) { try XMLVerificationKey(certificatePEM: "") }
        #expect(verification?.code == .invalidCertificate)
    }

    @Test func refusesACertificateOfAnotherKey() {
        let error = #expect(throws: XMLKeyError.self) {
            try XMLSigningKey(privateKeyPEM: TestPKI.idp.privateKeyPEM, certificatePEM: TestPKI.partner.certificatePEM)
        }
        #expect(error?.code == .certificateMismatch)
    }

    @Test func refusesShortRSAKeys() throws {
        let key = try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: 1024))
        let certificate = TestIdentity.selfSignedCertificatePEM(commonName: "short", key: Certificate.PrivateKey(key))
        let error = #expect(throws: XMLKeyError.self) { try XMLVerificationKey(certificatePEM: certificate) }
        #expect(error?.code == .keyTooShort)
    }

    @Test func refusesNonRSAKeys() {
        let key = P256.Signing.PrivateKey()
        let certificate = TestIdentity.selfSignedCertificatePEM(
            commonName: "ec", key: Certificate.PrivateKey(key), algorithm: .ecdsaWithSHA256
        )
        let error = #expect(throws: XMLKeyError.self) { try XMLVerificationKey(certificatePEM: certificate) }
        #expect(error?.code == .unsupportedKeyType)
    }
}
