import Foundation
import PforteCore
import PforteCrypto
@testable import PforteSAML
import PforteXML
import Testing

@Suite struct ResponseTests {
    let idp = Fixtures.identityProvider

    func request(refusal: SAMLStatus? = nil) -> ValidatedAuthnRequest {
        ValidatedAuthnRequest(
            id: "_req", serviceProvider: Fixtures.spEntityID, assertionConsumerService: Fixtures.acs, relayState: "rs",
            forceAuthn: false, isPassive: false, nameIDFormat: .persistent, authnContext: nil,
            replayWindowEnd: Date().addingTimeInterval(400), refusal: refusal
        )
    }

    let authentication = AssertedAuthentication(
        nameID: "pairwise-id", nameIDFormat: .persistent, classRef: TrustLevel.normal.eidasURI, authnInstant: Date(),
        sessionIndex: "_session", sessionNotOnOrAfter: Date().addingTimeInterval(3600),
        attributes: [(AttributeProfile.definition(named: "mail")!, "anna@example.org"), (AttributeProfile.definition(named: "sn")!, "Müller & <Söhne>")]
    )

    func trustedIdPKey() throws -> XMLVerificationKey {
        try XMLVerificationKey(certificatePEM: TrustedCertificate.pem(base64DER: idp.activeCertificate))
    }

    @Test func successResponseIsSignedEncryptedAndComplete() throws {
        let form = try idp.response(to: request(), for: Fixtures.serviceProvider, status: .success,
                                    authentication: authentication, policy: Fixtures.policy, now: Date())
        #expect(form.action == Fixtures.acs)
        #expect(form.parameter == .response)
        #expect(form.relayState == "rs")
        let document = try XMLDocument(parsing: Data(base64Encoded: form.message)!)
        try document.registerIDAttributes()
        try document.verifySignature(of: document.root, trusting: trustedIdPKey())
        #expect(document.root.attribute(XMLName("InResponseTo")) == "_req")
        #expect(document.root.attribute(XMLName("Destination")) == Fixtures.acs)
        #expect(!document.xmlString.contains("anna@example.org"))

        let encrypted = document.root.descendants(named: XMLName(namespace: "http://www.w3.org/2001/04/xmlenc#", localName: "EncryptedData")).first!
        let assertion = try document.decrypt(encryptedData: encrypted, with: Fixtures.sp.xmlKey)
        try document.verifySignature(of: assertion, trusting: trustedIdPKey())
        let text = document.xmlString
        #expect(text.contains("pairwise-id"))
        #expect(text.contains("urn:oid:0.9.2342.19200300.100.1.3"))
        #expect(text.contains("FriendlyName=\"mail\""))
        #expect(text.contains("Müller &amp; &lt;Söhne&gt;"))
        #expect(text.contains("Recipient=\"\(Fixtures.acs)\""))
        #expect(text.contains("<saml:Audience>\(Fixtures.spEntityID)</saml:Audience>"))
        #expect(text.contains("SessionIndex=\"_session\""))
        #expect(text.contains(TrustLevel.normal.eidasURI))
    }

    @Test func failureResponseHasStatusAndNoAssertion() throws {
        let form = try idp.response(to: request(), for: Fixtures.serviceProvider, status: .noAuthnContext,
                                    authentication: nil, policy: Fixtures.policy, now: Date())
        let document = try XMLDocument(parsing: Data(base64Encoded: form.message)!)
        try document.verifySignature(of: document.root, trusting: trustedIdPKey())
        #expect(document.xmlString.contains("urn:oasis:names:tc:SAML:2.0:status:NoAuthnContext"))
        #expect(!document.xmlString.contains("Assertion"))
    }

    @Test func unencryptedWhenTheSPHasNoEncryptionKey() throws {
        let provider = try ServiceProviderMetadata.parse(
            Data(Fixtures.metadata(encryption: false).utf8), settings: ServiceProviderSettings()
        )
        // Without `use`, a key serves both; this metadata has a signing key only.
        #expect(!provider.encryptsAssertions)
        let form = try idp.response(to: request(), for: provider, status: .success, authentication: authentication,
                                    policy: Fixtures.policy, now: Date())
        let document = try XMLDocument(parsing: Data(base64Encoded: form.message)!)
        try document.registerIDAttributes()
        let assertion = document.root.descendants(named: XMLName(namespace: SAMLNamespace.assertion, localName: "Assertion")).first!
        try document.verifySignature(of: assertion, trusting: trustedIdPKey())
    }

    @Test func metadataIsSignedAndListsEndpoints() throws {
        let document = try XMLDocument(parsing: idp.metadata(now: Date()))
        try document.registerIDAttributes()
        try document.verifySignature(of: document.root, trusting: trustedIdPKey())
        let text = document.xmlString
        #expect(text.contains("entityID=\"https://idp.example/saml/metadata\""))
        #expect(text.contains("Location=\"https://idp.example/saml/sso\""))
        #expect(text.contains("Location=\"https://idp.example/saml/slo\""))
        #expect(text.contains("use=\"encryption\""))
        #expect(text.contains("WantAuthnRequestsSigned=\"true\""))
    }

    @Test func pairwiseNameIDsDifferPerSPAndStayStable() throws {
        let secretDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-saml-secret-\(UUID().uuidString)")
        let issuer = NameIDIssuer(installationSecret: try KeyDirectory(url: secretDirectory).installationSecret())
        let first = issuer.nameID(format: .persistent, accountID: "AAAAAAAAAAAAAAAAAAAAAA", serviceProvider: "https://a.example")
        #expect(first == issuer.nameID(format: .persistent, accountID: "AAAAAAAAAAAAAAAAAAAAAA", serviceProvider: "https://a.example"))
        #expect(first != issuer.nameID(format: .persistent, accountID: "AAAAAAAAAAAAAAAAAAAAAA", serviceProvider: "https://b.example"))
        #expect(issuer.nameID(format: .transient, accountID: "x", serviceProvider: "s") != issuer.nameID(format: .transient, accountID: "x", serviceProvider: "s"))
    }
}
