import _CryptoExtras
import Crypto
import Foundation
public import PforteXML
import X509

/// An RSA certificate from trusted metadata, loaded for both ways a SAML signature is checked:
/// XML-DSig through libxmlsec1 (HTTP-POST) and a plain RSA-SHA256 signature over the query
/// string (HTTP-Redirect, SAML bindings §3.4.4.1), which is not XML and so not xmlsec's job.
public struct TrustedCertificate: Sendable {
    public let xmlKey: XMLVerificationKey
    let publicKey: _RSA.Signing.PublicKey

    /// - Throws: ``MetadataError`` when the text is not an RSA certificate of 2048 bits or more.
    public init(base64DER text: String) throws(MetadataError) {
        let compact = text.filter { !$0.isWhitespace }
        guard let der = Data(base64Encoded: compact),
              let certificate = try? Certificate(derEncoded: Array(der)),
              let publicKey = _RSA.Signing.PublicKey(certificate.publicKey)
        else { throw MetadataError("a certificate is not an X.509 certificate with an RSA key") }
        do {
            xmlKey = try XMLVerificationKey(certificatePEM: Self.pem(base64DER: compact))
        } catch {
            throw MetadataError("a certificate is refused: \(error)")
        }
        self.publicKey = publicKey
    }

    /// A certificate from a PEM file (a federation's signing certificate).
    public init(pem: String) throws(MetadataError) {
        try self.init(base64DER: IdentityProvider.base64DER(pem: pem))
    }

    /// Whether `signature` is this key's RSA-SHA256 (PKCS #1 v1.5) signature over `octets`.
    func verifies(_ signature: Data, over octets: Data) -> Bool {
        publicKey.isValidSignature(
            _RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: octets),
            padding: .insecurePKCS1v1_5
        )
    }

    /// PEM armour (RFC 7468 §5.1) around base64 DER, 64 characters per line.
    public static func pem(base64DER: String) -> String {
        var lines: [Substring] = []
        var rest = Substring(base64DER)
        while !rest.isEmpty {
            lines.append(rest.prefix(64))
            rest = rest.dropFirst(64)
        }
        return "-----BEGIN CERTIFICATE-----\n" + lines.joined(separator: "\n") + "\n-----END CERTIFICATE-----\n"
    }
}

/// Why SP metadata (or the IdP's own key material) was refused. The message names the problem
/// for the operator running `pforte metadata import` or reading the start-up error.
public struct MetadataError: Error, Sendable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
