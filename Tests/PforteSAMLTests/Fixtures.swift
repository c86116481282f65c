import _CryptoExtras
import Crypto
import Foundation
import PforteCrypto
@testable import PforteSAML
import PforteXML
import X509

/// An SP key pair with a self-signed certificate, generated per test run.
struct TestServiceProviderKey: Sendable {
    let privateKey: _RSA.Signing.PrivateKey
    let certificatePEM: String
    let xmlKey: XMLSigningKey

    init(commonName: String) {
        privateKey = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
        let key = Certificate.PrivateKey(privateKey)
        let name = try! DistinguishedName { CommonName(commonName) }
        let certificate = try! Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
            notValidBefore: Date().addingTimeInterval(-3600), notValidAfter: Date().addingTimeInterval(86400),
            issuer: name, subject: name, signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: Certificate.Extensions {}, issuerPrivateKey: key
        )
        certificatePEM = try! certificate.serializeAsPEM().pemString
        xmlKey = try! XMLSigningKey(privateKeyPEM: privateKey.pemRepresentation, certificatePEM: certificatePEM)
    }

    var base64DER: String { IdentityProvider.base64DER(pem: certificatePEM) }
}

enum Fixtures {
    static let sp = TestServiceProviderKey(commonName: "Test SP")
    static let attacker = TestServiceProviderKey(commonName: "Attacker")
    static let spEntityID = "https://sp.example/metadata"
    static let acs = "https://sp.example/acs"
    static let policy = MessagePolicy(maximumAge: 300, clockSkew: 60, assertionLifetime: 300)

    /// The IdP with keys from a scratch key directory.
    static let identityProvider: IdentityProvider = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-saml-tests-\(UUID().uuidString)")
        let keys = KeyDirectory(url: directory)
        _ = try! keys.ensureKeys(certificateSubject: "idp.example")
        return try! IdentityProvider(publicURL: URL(string: "https://idp.example")!, keys: try! keys.loadKeySet().saml)
    }()

    static func metadata(
        entityID: String = spEntityID, acs: String = acs, certificate: String = sp.base64DER, encryption: Bool = true,
        extra: String = "", rootAttributes: String = ""
    ) -> String {
        """
        <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ID="_md" entityID="\(entityID)"\(rootAttributes)>
        <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" AuthnRequestsSigned="true">
        <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(certificate)</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
        \(encryption ? "<md:KeyDescriptor use=\"encryption\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(certificate)</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>" : "")
        <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://sp.example/slo"/>
        <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="\(acs)" index="0" isDefault="true"/>
        \(extra)
        </md:SPSSODescriptor></md:EntityDescriptor>
        """
    }

    static let serviceProvider: ServiceProvider = try! ServiceProviderMetadata.parse(
        Data(metadata().utf8), settings: ServiceProviderSettings(attributes: ["mail", "sn"])
    )

    static func lookup(_ entityID: String) -> ServiceProvider? {
        entityID == spEntityID ? serviceProvider : nil
    }

    static func authnRequest(
        id: String = SAMLIdentifier.make(), issuer: String = spEntityID, instant: Date = Date(),
        destination: String? = "https://idp.example/saml/sso", acs: String? = acs, inner: String = "", attributes: String = ""
    ) -> String {
        """
        <samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" \
        ID="\(id)" Version="2.0" IssueInstant="\(SAMLTime.format(instant))"\(destination.map { " Destination=\"\($0)\"" } ?? "")\
        \(acs.map { " AssertionConsumerServiceURL=\"\($0)\"" } ?? "")\(attributes)><saml:Issuer>\(issuer)</saml:Issuer>\(inner)</samlp:AuthnRequest>
        """
    }

    /// The AuthnRequest XML signed enveloped (HTTP-POST), base64 as the form carries it.
    static func signedPost(_ xml: String, key: TestServiceProviderKey = sp) -> String {
        let document = try! XMLDocument(parsing: xml)
        try! document.registerIDAttributes()
        let issuer = document.root.children.first!
        try! document.sign(element: document.root, key: key.xmlKey, placement: .after(issuer))
        return document.serialized().base64EncodedString()
    }

    /// The raw query string of an HTTP-Redirect message, signed by `key` unless `nil`.
    static func redirectQuery(_ xml: String, parameter: String = "SAMLRequest", relayState: String? = "state",
                              key: TestServiceProviderKey? = sp) -> String {
        var query = parameter + "=" + RedirectBinding.formEncoded(RawDeflate.compress(Data(xml.utf8)).base64EncodedString())
        if let relayState { query += "&RelayState=" + RedirectBinding.formEncoded(relayState) }
        guard let key else { return query }
        query += "&SigAlg=" + RedirectBinding.formEncoded(SAMLURI.rsaSHA256)
        let signature = try! key.privateKey.signature(for: SHA256.hash(data: Data(query.utf8)), padding: .insecurePKCS1v1_5)
        return query + "&Signature=" + RedirectBinding.formEncoded(signature.rawRepresentation.base64EncodedString())
    }
}
