package import PforteXML
import X509

/// The keys of one side of a WS-Security exchange (TR-03130 Part 1: signatures in both
/// directions): our signing key with its certificate, and the peer's certificate, the only key
/// a received signature is checked with.
public struct WSSecurityKeys: Sendable {
    package let signingKey: XMLSigningKey
    package let peerKey: XMLVerificationKey
    /// `KeyInfo` content naming our certificate by issuer and serial (WS-Security X.509 Token
    /// Profile 1.1 §3.3.3), so the certificate itself is not sent.
    package let keyInfo: String

    public init(signingKeyPEM: String, signingCertificatePEM: String, peerCertificatePEM: String) throws {
        signingKey = try XMLSigningKey(privateKeyPEM: signingKeyPEM, certificatePEM: signingCertificatePEM)
        peerKey = try XMLVerificationKey(certificatePEM: peerCertificatePEM)
        let certificate = try Certificate(pemEncoded: signingCertificatePEM)
        keyInfo = """
        <wsse:SecurityTokenReference xmlns:wsse="\(EIDNamespace.wsse)"><ds:X509Data xmlns:ds="\(EIDNamespace.ds)">\
        <ds:X509IssuerSerial><ds:X509IssuerName>\(XMLText.escaped(certificate.issuer.description))</ds:X509IssuerName>\
        <ds:X509SerialNumber>\(Self.decimal(certificate.serialNumber.bytes))</ds:X509SerialNumber>\
        </ds:X509IssuerSerial></ds:X509Data></wsse:SecurityTokenReference>
        """
    }

    /// XML-DSig 1.1 §4.5.4.1: `X509SerialNumber` is the serial as a decimal integer.
    static func decimal(_ bytes: ArraySlice<UInt8>) -> String {
        var digits: [UInt8] = []
        var number = Array(bytes)
        while number.contains(where: { $0 != 0 }) {
            var remainder = 0
            for index in number.indices {
                let value = remainder * 256 + Int(number[index])
                number[index] = UInt8(value / 10)
                remainder = value % 10
            }
            digits.append(UInt8(remainder))
        }
        return digits.isEmpty ? "0" : String(digits.reversed().map { Character(String($0)) })
    }
}
