import Foundation
import PforteXML
import Testing

@Suite("Element encryption")
struct EncryptionTests {
    /// `Fixtures.responseXML` with its assertion encrypted for `TestPKI.idp`, serialised.
    static func encryptedResponseXML(signed: Bool = false) throws -> String {
        let document = try XMLDocument(parsing: signed ? Fixtures.signedResponseXML() : Fixtures.responseXML)
        let assertion = try #require(document.root.firstChild(named: Fixtures.assertion))
        try document.encrypt(element: assertion, for: TestPKI.idp.verificationKey)
        return document.xmlString
    }

    private func decryptionError(_ xml: String, with key: XMLSigningKey = TestPKI.idp.signingKey) throws -> XMLEncryptionError.Code? {
        let document = try XMLDocument(parsing: xml)
        let encryptedData = try #require(document.root.firstChild(named: Fixtures.encryptedData))
        return #expect(throws: XMLEncryptionError.self) {
            try document.decrypt(encryptedData: encryptedData, with: key)
        }?.code
    }

    @Test func replacesTheElementWithEncryptedData() throws {
        let document = try XMLDocument(parsing: Fixtures.responseXML)
        let assertion = try #require(document.root.firstChild(named: Fixtures.assertion))
        let encryptedData = try document.encrypt(element: assertion, for: TestPKI.idp.verificationKey)
        #expect(encryptedData.parent == document.root)
        #expect(document.root.children.map(\.name) == [Fixtures.issuer, Fixtures.encryptedData])
        #expect(encryptedData.attribute(XMLName("Type")) == "http://www.w3.org/2001/04/xmlenc#Element")
        let xml = document.xmlString
        #expect(!xml.contains("alice"))
        #expect(xml.contains("<xenc:EncryptedData xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\""))
        #expect(xml.contains("<xenc:EncryptionMethod Algorithm=\"http://www.w3.org/2009/xmlenc11#aes256-gcm\"/>"))
        #expect(xml.contains("<ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">"))
        #expect(xml.contains("<xenc:EncryptionMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p\"/>"))
        #expect(assertion.attribute(XMLName("ID")) == "_a1", "a handle to the replaced element stays valid")
        #expect(document.element(withID: "_a1") == nil)
    }

    @Test func roundTrips() throws {
        let document = try XMLDocument(parsing: Self.encryptedResponseXML())
        let encryptedData = try #require(document.root.firstChild(named: Fixtures.encryptedData))
        let assertion = try document.decrypt(encryptedData: encryptedData, with: TestPKI.idp.signingKey)
        #expect(assertion.name == Fixtures.assertion)
        #expect(assertion.parent == document.root)
        #expect(try #require(assertion.descendants(named: Fixtures.nameID).first).textContent == "alice@example.org")
        try document.registerIDAttributes()
        #expect(document.element(withID: "_a1") == assertion)
    }

    /// SAML core §6.2: sign first, then encrypt; the receiver decrypts, then verifies.
    @Test func aSignedAssertionStillVerifiesAfterTheRoundTrip() throws {
        let document = try XMLDocument(parsing: Self.encryptedResponseXML(signed: true))
        let encryptedData = try #require(document.root.firstChild(named: Fixtures.encryptedData))
        let assertion = try document.decrypt(encryptedData: encryptedData, with: TestPKI.idp.signingKey)
        try document.verifySignature(of: assertion, trusting: TestPKI.idp.verificationKey)
    }

    /// The plaintext declares what was in scope, so it decrypts to the same meaning elsewhere.
    @Test func theEncryptedElementIsSelfContained() throws {
        let moved = try XMLDocument(parsing: Self.encryptedResponseXML())
        let encryptedData = try #require(moved.root.firstChild(named: Fixtures.encryptedData))
        let bare = try XMLDocument(parsing: "<wrapper>\(Self.serialization(of: encryptedData, in: moved))</wrapper>")
        let assertion = try bare.decrypt(
            encryptedData: try #require(bare.root.firstChild(named: Fixtures.encryptedData)), with: TestPKI.idp.signingKey
        )
        #expect(assertion.name == Fixtures.assertion)
        let xml = bare.xmlString
        #expect(xml.contains("xmlns:xs=\"http://www.w3.org/2001/XMLSchema\""))
        #expect(xml.contains("xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\""))
    }

    @Test func failsWithAnotherPrivateKey() throws {
        #expect(try decryptionError(Self.encryptedResponseXML(), with: TestPKI.partner.signingKey) == .keyDecryptionFailed)
    }

    @Test func failsWhenTheCiphertextIsTampered() throws {
        let xml = try Self.encryptedResponseXML()
        let values = xml.ranges(of: /<xenc:CipherValue>([^<]*)<\/xenc:CipherValue>/)
        #expect(values.count == 2)
        let content = try #require(values.last)
        let original = String(xml[content])
        let middle = original.index(original.startIndex, offsetBy: original.count / 2)
        let flipped = original.replacingCharacters(in: middle...middle, with: original[middle] == "A" ? "B" : "A")
        #expect(try decryptionError(xml.replacingCharacters(in: content, with: flipped)) == .dataDecryptionFailed)
    }

    @Test(arguments: [
        ("http://www.w3.org/2009/xmlenc11#aes256-gcm", "http://www.w3.org/2001/04/xmlenc#aes256-cbc"),
        ("http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p", "http://www.w3.org/2001/04/xmlenc#rsa-1_5"),
    ])
    func refusesPaddingOracleAlgorithms(original: String, replacement: String) throws {
        let xml = try Self.encryptedResponseXML()
        #expect(xml.contains(original))
        #expect(try decryptionError(xml.replacingOccurrences(of: original, with: replacement)) == .unsupportedAlgorithm)
    }

    @Test func refusesACipherReference() throws {
        let xml = try Self.encryptedResponseXML()
        let data = try #require(xml.ranges(of: /<xenc:CipherData>\s*<xenc:CipherValue>[^<]*<\/xenc:CipherValue>\s*<\/xenc:CipherData>/).last)
        let reference = "<xenc:CipherData><xenc:CipherReference URI=\"http://127.0.0.1:9/c\"/></xenc:CipherData>"
        #expect(try decryptionError(xml.replacingCharacters(in: data, with: reference)) == .malformed)
    }

    private static func serialization(of element: XMLElement, in document: XMLDocument) throws -> String {
        let xml = document.xmlString
        let range = try #require(xml.range(of: "<xenc:EncryptedData[\\s\\S]*</xenc:EncryptedData>", options: .regularExpression))
        #expect(element.name == Fixtures.encryptedData)
        return String(xml[range])
    }
}
