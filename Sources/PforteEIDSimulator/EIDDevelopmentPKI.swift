import _CryptoExtras
import Crypto
public import Foundation
import SwiftASN1
import X509

/// The certificates and keys a development instance needs to talk to the bundled simulator,
/// generated on first start like the other development keys (design §1: `pforte serve` works
/// with no configuration): a small CA issuing both sides' TLS certificates, and each side's
/// WS-Security signing key with a self-signed certificate. Never for production: an operator
/// gets the real ones from the eID-Service provider (docs/eid.md).
public struct EIDDevelopmentPKI: Sendable {
    public struct Pair: Sendable {
        public let certificatePEM: String
        public let keyPEM: String
    }

    /// The CA that issued both TLS certificates: each side's only trust anchor.
    public let caCertificatePEM: String
    /// The simulator's TLS server certificate, for `127.0.0.1` and `localhost`.
    public let simulatorTLS: Pair
    /// Pforte's TLS client certificate.
    public let pforteTLS: Pair
    public let simulatorSigning: Pair
    public let pforteSigning: Pair

    private static let files = [
        "ca.cert.pem", "simulator-tls.cert.pem", "simulator-tls.key.pem", "pforte-tls.cert.pem", "pforte-tls.key.pem",
        "simulator-signing.cert.pem", "simulator-signing.key.pem", "pforte-signing.cert.pem", "pforte-signing.key.pem",
    ]

    /// Reads the files in `directory`, generating all of them first if any is missing.
    public static func loadOrCreate(in directory: URL) throws -> EIDDevelopmentPKI {
        let urls = files.map { directory.appendingPathComponent($0) }
        if !urls.allSatisfy({ FileManager.default.fileExists(atPath: $0.path) }) {
            let pki = try generate()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let contents = [
                pki.caCertificatePEM, pki.simulatorTLS.certificatePEM, pki.simulatorTLS.keyPEM, pki.pforteTLS.certificatePEM,
                pki.pforteTLS.keyPEM, pki.simulatorSigning.certificatePEM, pki.simulatorSigning.keyPEM,
                pki.pforteSigning.certificatePEM, pki.pforteSigning.keyPEM,
            ]
            for (url, content) in zip(urls, contents) {
                guard FileManager.default.createFile(atPath: url.path, contents: Data(content.utf8), attributes: [.posixPermissions: 0o600]) else {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
                }
            }
        }
        let text = try urls.map { try String(contentsOf: $0, encoding: .utf8) }
        return EIDDevelopmentPKI(
            caCertificatePEM: text[0], simulatorTLS: Pair(certificatePEM: text[1], keyPEM: text[2]),
            pforteTLS: Pair(certificatePEM: text[3], keyPEM: text[4]),
            simulatorSigning: Pair(certificatePEM: text[5], keyPEM: text[6]),
            pforteSigning: Pair(certificatePEM: text[7], keyPEM: text[8])
        )
    }

    /// A fresh set, in memory (tests).
    public static func generate() throws -> EIDDevelopmentPKI {
        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName { CommonName("Pforte eID development CA") }
        let ca = try certificate(
            subject: caName, key: .init(caKey.publicKey), issuer: caName, issuerKey: .init(caKey),
            extensions: Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true))
            }
        )
        func tls(_ commonName: String, server: Bool) throws -> Pair {
            let key = P256.Signing.PrivateKey()
            let cert = try certificate(
                subject: try DistinguishedName { CommonName(commonName) }, key: .init(key.publicKey), issuer: caName,
                issuerKey: .init(caKey),
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                    if server {
                        SubjectAlternativeNames([.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))])
                    }
                }
            )
            return Pair(certificatePEM: try cert.serializeAsPEM().pemString, keyPEM: key.pemRepresentation)
        }
        return EIDDevelopmentPKI(
            caCertificatePEM: try ca.serializeAsPEM().pemString,
            simulatorTLS: try tls("eID simulator", server: true), pforteTLS: try tls("Pforte eService", server: false),
            simulatorSigning: try signingPair("eID simulator signing"), pforteSigning: try signingPair("Pforte eService signing")
        )
    }

    /// An RSA key with a self-signed certificate, for WS-Security (xmlsec signs with RSA).
    static func signingPair(_ commonName: String) throws -> Pair {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let name = try DistinguishedName { CommonName(commonName) }
        let cert = try certificate(
            subject: name, key: .init(key.publicKey), issuer: name, issuerKey: .init(key),
            extensions: Certificate.Extensions { Critical(KeyUsage(digitalSignature: true)) }
        )
        return Pair(certificatePEM: try cert.serializeAsPEM().pemString, keyPEM: key.pemRepresentation)
    }

    private static func certificate(
        subject: DistinguishedName, key: Certificate.PublicKey, issuer: DistinguishedName,
        issuerKey: Certificate.PrivateKey, extensions: Certificate.Extensions
    ) throws -> Certificate {
        let now = Date()
        return try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key,
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(10 * 365 * 86400),
            issuer: issuer, subject: subject, extensions: extensions, issuerPrivateKey: issuerKey
        )
    }
}
