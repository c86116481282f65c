import PforteXML
import Testing

/// SAML-shaped documents and names used across the tests.
enum Fixtures {
    static let protocolNS = "urn:oasis:names:tc:SAML:2.0:protocol"
    static let assertionNS = "urn:oasis:names:tc:SAML:2.0:assertion"
    static let signatureNS = "http://www.w3.org/2000/09/xmldsig#"
    static let encryptionNS = "http://www.w3.org/2001/04/xmlenc#"

    static let response = XMLName(namespace: protocolNS, localName: "Response")
    static let assertion = XMLName(namespace: assertionNS, localName: "Assertion")
    static let issuer = XMLName(namespace: assertionNS, localName: "Issuer")
    static let nameID = XMLName(namespace: assertionNS, localName: "NameID")
    static let attributeValue = XMLName(namespace: assertionNS, localName: "AttributeValue")
    static let signature = XMLName(namespace: signatureNS, localName: "Signature")
    static let encryptedData = XMLName(namespace: encryptionNS, localName: "EncryptedData")

    /// A response whose assertion relies on namespaces declared on the response (`saml`, `xs`,
    /// `xsi`), as real IdPs produce them.
    static let responseXML = """
        <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" \
        xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" \
        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="_r1" Version="2.0" \
        IssueInstant="2025-01-01T00:00:00Z">
        <saml:Issuer>https://idp.example</saml:Issuer>
        <saml:Assertion ID="_a1" Version="2.0" IssueInstant="2025-01-01T00:00:00Z">
        <saml:Issuer>https://idp.example</saml:Issuer>
        <saml:Subject><saml:NameID>alice@example.org</saml:NameID></saml:Subject>
        <saml:AttributeStatement><saml:Attribute Name="role">\
        <saml:AttributeValue xsi:type="xs:string">user</saml:AttributeValue>\
        </saml:Attribute></saml:AttributeStatement>
        </saml:Assertion>
        </samlp:Response>
        """

    /// `responseXML` with its assertion signed by `TestPKI.idp`, serialised.
    static func signedResponseXML() throws -> String {
        let document = try XMLDocument(parsing: responseXML)
        let assertion = try #require(document.root.firstChild(named: assertion))
        try document.sign(element: assertion, key: TestPKI.idp.signingKey, placement: .after(#require(assertion.firstChild(named: issuer))))
        return document.xmlString
    }
}
