import Foundation
import PforteXML
import Testing

@Suite("Enveloped signatures")
struct SignatureTests {
    private func assertion(in document: XMLDocument) throws -> XMLElement {
        try #require(document.root.firstChild(named: Fixtures.assertion))
    }

    private func verificationError(
        _ xml: String, trusting keys: [XMLVerificationKey] = [TestPKI.idp.verificationKey],
        element: (XMLDocument) throws -> XMLElement = { try #require($0.root.firstChild(named: Fixtures.assertion)) }
    ) throws -> XMLSignatureError.Code? {
        let document = try XMLDocument(parsing: xml)
        let target = try element(document)
        return #expect(throws: XMLSignatureError.self) {
            try document.verifySignature(of: target, trusting: keys)
        }?.code
    }

    @Test func signsAfterIssuerAndVerifies() throws {
        let document = try XMLDocument(parsing: Fixtures.signedResponseXML())
        let assertion = try assertion(in: document)
        #expect(assertion.children.map(\.name.localName) == ["Issuer", "Signature", "Subject", "AttributeStatement"])
        let signature = try #require(assertion.firstChild(named: Fixtures.signature))
        let xml = document.xmlString
        #expect(xml.contains("<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">"))
        #expect(xml.contains("URI=\"#_a1\""))
        #expect(xml.contains("Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\""))
        #expect(xml.contains("Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\""))
        #expect(xml.contains("Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\""))
        #expect(xml.contains("Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\""))
        #expect(signature.descendants(named: XMLName(namespace: Fixtures.signatureNS, localName: "X509Certificate"))
            .first?.textContent.isEmpty == false)
        try document.verifySignature(of: assertion, trusting: TestPKI.idp.verificationKey)
    }

    @Test func signsAsFirstChild() throws {
        let document = try XMLDocument(parsing: Fixtures.responseXML)
        try document.sign(element: document.root, key: TestPKI.idp.signingKey)
        #expect(document.root.children.first?.name == Fixtures.signature)
        let reparsed = try XMLDocument(parsing: document.serialized())
        try reparsed.verifySignature(of: reparsed.root, trusting: TestPKI.idp.verificationKey)
    }

    @Test func passesWithOneMatchingKeyAmongSeveralTrusted() throws {
        let document = try XMLDocument(parsing: Fixtures.signedResponseXML())
        try document.verifySignature(
            of: assertion(in: document), trusting: [TestPKI.partner.verificationKey, TestPKI.idp.verificationKey]
        )
    }

    @Test(arguments: [
        ("alice@example.org", "mallory@example.org"),
        (">user<", ">admin<"),
        ("ID=\"_a1\" Version=\"2.0\" IssueInstant=\"2025", "ID=\"_a1\" Version=\"2.0\" IssueInstant=\"2030"),
    ])
    func failsWhenSignedContentChanges(original: String, replacement: String) throws {
        let xml = try Fixtures.signedResponseXML()
        #expect(xml.contains(original))
        #expect(try verificationError(xml.replacingOccurrences(of: original, with: replacement)) == .digestMismatch)
    }

    @Test func failsWithAnotherTrustedCertificate() throws {
        let code = try verificationError(Fixtures.signedResponseXML(), trusting: [TestPKI.partner.verificationKey])
        #expect(code == .untrustedKeyOrInvalidSignature)
    }

    @Test func ignoresTheAttackersCertificateInKeyInfo() throws {
        let forged = try XMLDocument(parsing: Fixtures.responseXML.replacingOccurrences(of: "alice@", with: "mallory@"))
        try forged.sign(element: assertion(in: forged), key: TestPKI.attacker.signingKey)
        let xml = forged.xmlString
        let attackerCertificate = TestPKI.attacker.certificatePEM
            .split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        #expect(xml.filter { !$0.isWhitespace }.contains(attackerCertificate))
        #expect(try verificationError(xml) == .untrustedKeyOrInvalidSignature)
    }

    @Test func failsWhenTheElementIsNotSigned() throws {
        #expect(try verificationError(Fixtures.responseXML) == .missing)
    }

    /// XSW: the signed assertion is moved away and an unsigned one put where the caller looks.
    @Test func signatureWrappingWithAnUnsignedCopyFails() throws {
        let signed = try XMLDocument(parsing: Fixtures.signedResponseXML())
        let original = try assertion(in: signed)
        let evil = Fixtures.responseXML.components(separatedBy: "\n")
            .drop { !$0.hasPrefix("<saml:Assertion") }.prefix { !$0.hasPrefix("</samlp:Response") }
            .joined(separator: "\n")
            .replacingOccurrences(of: "ID=\"_a1\"", with: "ID=\"_evil\"")
            .replacingOccurrences(of: "alice@", with: "mallory@")
        let signedAssertion = try #require(signed.xmlString.range(of: "<saml:Assertion[\\s\\S]*</saml:Assertion>", options: .regularExpression))
        let wrapped = signed.xmlString.replacingCharacters(
            in: signedAssertion,
            with: "\(evil)<samlp:Extensions>\(signed.xmlString[signedAssertion])</samlp:Extensions>"
        )
        #expect(original.attribute(XMLName("ID")) == "_a1")
        #expect(try verificationError(wrapped) == .missing)

        // With the same ID on both, even the signed original no longer verifies: its ID is ambiguous.
        let sameID = wrapped.replacingOccurrences(of: "ID=\"_evil\"", with: "ID=\"_a1\"")
        #expect(try verificationError(sameID) == .missing)
        #expect(try verificationError(sameID, element: { try #require($0.root.descendants(named: Fixtures.assertion).last) })
            == .duplicateID)
    }

    /// XSW: the signature of A moved into B; it still covers A, so it does not verify B.
    @Test func aSignatureOverOneElementDoesNotVerifyAnother() throws {
        let signed = try XMLDocument(parsing: Fixtures.signedResponseXML())
        let xml = signed.xmlString
        let signature = try #require(xml.range(of: "<ds:Signature[\\s\\S]*</ds:Signature>", options: .regularExpression))
        let moved = xml.replacingCharacters(in: signature, with: "")
            .replacingOccurrences(of: "IssueInstant=\"2025-01-01T00:00:00Z\">\n<saml:Issuer>https://idp.example</saml:Issuer>\n<saml:Assertion",
                                  with: "IssueInstant=\"2025-01-01T00:00:00Z\">\n<saml:Issuer>https://idp.example</saml:Issuer>\(xml[signature])\n<saml:Assertion")
        #expect(moved.contains("<samlp:Response"))
        #expect(try verificationError(moved, element: { $0.root }) == .referenceMismatch)
        #expect(try verificationError(moved) == .missing)
    }

    /// Exclusive C14N drops comments, so the signature holds; reading the value must not stop
    /// at the comment (CVE-2017-11427 and friends).
    @Test func commentInsideSignedTextVerifiesAndReadsInFull() throws {
        let xml = try Fixtures.signedResponseXML()
            .replacingOccurrences(of: "alice@example.org", with: "alice@exa<!--x-->mple.org")
        let document = try XMLDocument(parsing: xml)
        let assertion = try assertion(in: document)
        try document.verifySignature(of: assertion, trusting: TestPKI.idp.verificationKey)
        #expect(try #require(assertion.descendants(named: Fixtures.nameID).first).textContent == "alice@example.org")
    }

    @Test(arguments: [
        ("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", "http://www.w3.org/2000/09/xmldsig#rsa-sha1"),
        ("http://www.w3.org/2001/04/xmlenc#sha256", "http://www.w3.org/2000/09/xmldsig#sha1"),
        ("<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"",
         "<ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/TR/2001/REC-xml-c14n-20010315\""),
        ("<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"",
         "<ds:Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xpath-19991116\""),
    ])
    func refusesOtherAlgorithms(original: String, replacement: String) throws {
        let xml = try Fixtures.signedResponseXML()
        #expect(xml.contains(original))
        #expect(try verificationError(xml.replacingOccurrences(of: original, with: replacement)) == .unsupportedAlgorithm)
    }

    @Test func refusesSignaturesWithoutTheEnvelopedTransform() throws {
        let xml = try Fixtures.signedResponseXML()
        let transform = "<ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>"
        #expect(xml.contains(transform))
        #expect(try verificationError(xml.replacingOccurrences(of: transform, with: "")) == .notEnvelopedOnElement)
    }

    @Test func refusesAReferenceToAnythingElse() throws {
        let xml = try Fixtures.signedResponseXML()
        #expect(try verificationError(xml.replacingOccurrences(of: "URI=\"#_a1\"", with: "URI=\"\"")) == .referenceMismatch)
        let second = try #require(xml.range(of: "<ds:Reference[\\s\\S]*</ds:Reference>", options: .regularExpression))
        let twoReferences = xml.replacingCharacters(in: second, with: String(xml[second]) + String(xml[second]))
        #expect(try verificationError(twoReferences) == .referenceMismatch)
    }

    @Test func refusesATrailingObject() throws {
        let xml = try Fixtures.signedResponseXML()
            .replacingOccurrences(of: "</ds:Signature>", with: "<ds:Object/></ds:Signature>")
        #expect(try verificationError(xml) == .malformed)
    }

    @Test func refusesEmptyTrust() throws {
        #expect(try verificationError(Fixtures.signedResponseXML(), trusting: []) == .noTrustedKeys)
    }

    @Test func signingNeedsAnIDAndAValidPlacement() throws {
        let document = try XMLDocument(parsing: "<r><a/><b ID=\"b\"/></r>")
        let a = try #require(document.root.firstChild(named: XMLName("a")))
        let b = try #require(document.root.firstChild(named: XMLName("b")))
        let missingID = #expect(throws: XMLSignatureError.self) { try document.sign(element: a, key: TestPKI.idp.signingKey) }
        #expect(missingID?.code == .missingID)
        let placement = #expect(throws: XMLSignatureError.self) {
            try document.sign(element: b, key: TestPKI.idp.signingKey, placement: .after(a))
        }
        #expect(placement?.code == .invalidPlacement)
    }

    @Test func keysAreSharedAcrossConcurrentOperations() async throws {
        let xml = try Fixtures.signedResponseXML()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<16 {
                group.addTask {
                    let document = try XMLDocument(parsing: xml)
                    let assertion = try #require(document.root.firstChild(named: Fixtures.assertion))
                    if index.isMultiple(of: 2) {
                        try document.verifySignature(of: assertion, trusting: TestPKI.idp.verificationKey)
                    } else {
                        let fresh = try XMLDocument(parsing: Fixtures.responseXML)
                        try fresh.sign(element: fresh.root, key: TestPKI.idp.signingKey)
                        try fresh.verifySignature(of: fresh.root, trusting: TestPKI.idp.verificationKey)
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
