import CXMLSec
import CXMLSecShim

/// An RSA private key with its X.509 certificate: signs, and decrypts what was encrypted for
/// the certificate. Load once (parsing PEM dominates the cost of an operation) and share.
///
/// `@unchecked Sendable`: the xmlsec key is created in `init`, never mutated afterwards and
/// destroyed only in `deinit`; operations work on duplicates (see `XMLSecKey.duplicate`).
public final class XMLSigningKey: @unchecked Sendable {
    let key: xmlSecKeyPtr

    /// - Parameters:
    ///   - privateKeyPEM: an unencrypted PEM private key (PKCS#1 or PKCS#8), RSA, 2048 bits or more.
    ///   - certificatePEM: the certificate to publish in `KeyInfo` and metadata; must carry the
    ///     private key's public key.
    public init(privateKeyPEM: String, certificatePEM: String) throws(XMLKeyError) {
        key = try XMLSecKey.load(pem: privateKeyPEM, format: xmlSecKeyDataFormatPem, failure: .invalidPrivateKey)
        let certificate = Array(certificatePEM.utf8)
        guard xmlSecOpenSSLAppKeyCertLoadMemory(
            key, certificate, UInt32(certificate.count), xmlSecKeyDataFormatCertPem
        ) >= 0 else {
            // `key` is set, so `deinit` runs and destroys it.
            throw XMLKeyError(.invalidCertificate)
        }
        try requireCertificateMatches(XMLVerificationKey(certificatePEM: certificatePEM))
    }

    /// xmlsec attaches any certificate to a key. A mismatched pair would sign messages that no
    /// peer verifies against the published certificate, so it is caught here, once, by signing
    /// a tiny document and verifying it with the certificate's key.
    private func requireCertificateMatches(_ certificate: XMLVerificationKey) throws(XMLKeyError) {
        do {
            let probe = try XMLDocument(parsing: "<probe ID=\"probe\"/>")
            try probe.sign(element: probe.root, key: self)
            try probe.verifySignature(of: probe.root, trusting: certificate)
        } catch {
            throw XMLKeyError(.certificateMismatch, debugReason: "\(error)")
        }
    }

    deinit {
        xmlSecKeyDestroy(key)
    }
}
