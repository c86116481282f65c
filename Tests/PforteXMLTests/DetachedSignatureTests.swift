import Foundation
import PforteXML
import Testing

@Suite("Detached signatures (WS-Security style)")
struct DetachedSignatureTests {
    private static let wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
    private static let message = """
    <e:Envelope xmlns:e="urn:test:envelope" xmlns:wsu="\(wsu)"><e:Header><e:Security>\
    <wsu:Timestamp wsu:Id="ts"><wsu:Created>2026-01-01T00:00:00Z</wsu:Created></wsu:Timestamp>\
    </e:Security></e:Header><e:Body wsu:Id="body"><value>42</value></e:Body></e:Envelope>
    """

    private struct Parts {
        let document: XMLDocument
        let security: XMLElement
        let timestamp: XMLElement
        let body: XMLElement
    }

    private func parts(_ xml: String) throws -> Parts {
        let document = try XMLDocument(parsing: xml)
        let header = document.root.children[0]
        let security = header.children[0]
        return Parts(document: document, security: security, timestamp: security.children[0], body: document.root.children[1])
    }

    private func signed() throws -> String {
        let message = try parts(Self.message)
        try message.document.signDetached(
            [message.timestamp, message.body], key: TestPKI.idp.signingKey, appendingTo: message.security,
            keyInfo: "<r:Ref xmlns:r=\"urn:test:ref\">issuer</r:Ref>"
        )
        return message.document.xmlString
    }

    private func verify(_ xml: String, keys: [XMLVerificationKey] = [TestPKI.idp.verificationKey]) throws {
        let message = try parts(xml)
        let signature = try #require(message.security.children.last)
        try message.document.verifyDetachedSignature(signature, covering: [message.timestamp, message.body], trusting: keys)
    }

    @Test func signsBothElementsAndVerifies() throws {
        let xml = try signed()
        #expect(xml.contains("URI=\"#ts\"") && xml.contains("URI=\"#body\""))
        #expect(!xml.contains("enveloped-signature"))
        #expect(xml.contains("<r:Ref xmlns:r=\"urn:test:ref\">issuer</r:Ref></ds:KeyInfo>"))
        try verify(xml)
    }

    @Test func failsWhenBodyChanges() throws {
        let xml = try signed().replacingOccurrences(of: "<value>42</value>", with: "<value>43</value>")
        let error = #expect(throws: XMLSignatureError.self) { try verify(xml) }
        #expect(error?.code == .digestMismatch)
    }

    @Test func failsWithAnotherKey() throws {
        let xml = try signed()
        let error = #expect(throws: XMLSignatureError.self) { try verify(xml, keys: [TestPKI.partner.verificationKey]) }
        #expect(error?.code == .untrustedKeyOrInvalidSignature)
    }

    @Test func failsWhenTheUsedBodyIsNotTheSignedOne() throws {
        // Wrapping: the signed body moves into the header under another id holder, a new body
        // takes its place; the verifier is handed the body it will use.
        let xml = try signed().replacingOccurrences(
            of: "<e:Body wsu:Id=\"body\"><value>42</value></e:Body>",
            with: "<e:Body wsu:Id=\"evil\"><value>1</value></e:Body>"
        )
        let error = #expect(throws: XMLSignatureError.self) { try verify(xml) }
        #expect(error?.code == .referenceMismatch)
    }

    @Test func failsWhenOnlyOneElementIsCovered() throws {
        let message = try parts(Self.message)
        try message.document.signDetached([message.body], key: TestPKI.idp.signingKey, appendingTo: message.security, keyInfo: nil)
        let error = #expect(throws: XMLSignatureError.self) { try verify(message.document.xmlString) }
        #expect(error?.code == .referenceMismatch)
    }
}
