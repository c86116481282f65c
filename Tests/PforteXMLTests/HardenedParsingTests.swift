import Foundation
import PforteXML
import Testing

@Suite("Hardened parsing")
struct HardenedParsingTests {
    @Test func parsesAndSerialisesWithoutReformatting() throws {
        let document = try XMLDocument(parsing: Fixtures.responseXML)
        #expect(document.root.name == Fixtures.response)
        let reparsed = try XMLDocument(parsing: document.serialized())
        #expect(reparsed.xmlString == document.xmlString)
        #expect(document.xmlString.contains("<saml:Issuer>https://idp.example</saml:Issuer>\n<saml:Assertion"))
    }

    @Test func refusesInputOverTheSizeLimitBeforeParsing() {
        let error = #expect(throws: XMLParsingError.self) {
            try XMLDocument(parsing: "<a>\(String(repeating: "x", count: 100))</a>", limits: XMLParsingLimits(maximumBytes: 64))
        }
        #expect(error?.code == .tooLarge)
        #expect(XMLParsingLimits.default.maximumBytes == 1_048_576)
    }

    @Test func refusesBillionLaughs() {
        let entities = (1...9).map { level in
            "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }.joined()
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol0 \"lol\">\(entities)]><lolz>&lol9;</lolz>"
        let error = #expect(throws: XMLParsingError.self) { try XMLDocument(parsing: xml) }
        #expect(error?.code == .doctypeRefused)
    }

    @Test(arguments: [
        "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><r>&xxe;</r>",
        "<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://127.0.0.1:9/evil.dtd\"> %p;]><r/>",
        "<!DOCTYPE r SYSTEM \"http://127.0.0.1:9/evil.dtd\"><r/>",
        "<!DOCTYPE r><r/>",
    ])
    func refusesAnyDoctype(xml: String) {
        let error = #expect(throws: XMLParsingError.self) { try XMLDocument(parsing: xml) }
        #expect(error?.code == .doctypeRefused)
    }

    @Test func refusesUndeclaredEntities() {
        let error = #expect(throws: XMLParsingError.self) { try XMLDocument(parsing: "<r>&xxe;</r>") }
        #expect(error?.code == .malformed)
    }

    @Test func reportsMalformedInputAsTypedErrorWithoutWritingToStderr() throws {
        let output = try capturingStandardError {
            let error = #expect(throws: XMLParsingError.self) { try XMLDocument(parsing: "<a>\n<b></a>") }
            #expect(error?.code == .malformed)
            #expect(error?.line == 2)
            #expect(error?.debugReason.isEmpty == false)
        }
        // Other suites run in parallel and their progress lines land in the capture too, so only
        // libxml2's own diagnostic for this input counts.
        #expect(!output.contains("Opening and ending tag mismatch"))
        #expect(!output.contains("parser error"))
    }

    @Test func navigatesByNamespaceAndLocalName() throws {
        let document = try XMLDocument(parsing: Fixtures.responseXML)
        let root = document.root
        #expect(root.children.count == 2)
        let assertion = try #require(root.firstChild(named: Fixtures.assertion))
        #expect(assertion.parent == root)
        #expect(root.children(named: Fixtures.issuer).count == 1)
        #expect(root.descendants(named: Fixtures.issuer).count == 2)
        #expect(root.firstChild(named: XMLName(namespace: "urn:other", localName: "Assertion")) == nil)
        #expect(try #require(root.descendants(named: Fixtures.nameID).first).textContent == "alice@example.org")
        #expect(assertion.attribute(XMLName("ID")) == "_a1")
        #expect(assertion.attribute(XMLName("Missing")) == nil)
        let value = try #require(root.descendants(named: Fixtures.attributeValue).first)
        let xsiType = XMLName(namespace: "http://www.w3.org/2001/XMLSchema-instance", localName: "type")
        #expect(value.attribute(xsiType) == "xs:string")
        #expect(value.attribute(XMLName("type")) == nil)
    }

    @Test func setsAttributes() throws {
        let document = try XMLDocument(parsing: "<r xmlns=\"urn:default\" a=\"1\"/>")
        let root = document.root
        root.setAttribute(XMLName("a"), to: "2 & <3>")
        root.setAttribute(XMLName(namespace: "urn:x", localName: "b"), to: "x")
        #expect(root.attribute(XMLName("a")) == "2 & <3>")
        #expect(root.attribute(XMLName(namespace: "urn:x", localName: "b")) == "x")
        let reparsed = try XMLDocument(parsing: document.xmlString)
        #expect(reparsed.root.attribute(XMLName(namespace: "urn:x", localName: "b")) == "x")
        #expect(reparsed.root.attribute(XMLName("a")) == "2 & <3>")
    }

    @Test func textContentConcatenatesAroundComments() throws {
        let document = try XMLDocument(parsing: "<n>ad<!---->min<![CDATA[!]]><i>x</i></n>")
        #expect(document.root.textContent == "admin!x")
    }

    @Test func registersAndLooksUpIDs() throws {
        let wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
        let document = try XMLDocument(parsing: """
            <r xmlns:wsu="\(wsu)"><a ID="one"/><b Id="two"/><c wsu:Id="three"/><d ref="four"/></r>
            """)
        try document.registerIDAttributes()
        #expect(document.element(withID: "one")?.name == XMLName("a"))
        #expect(document.element(withID: "two")?.name == XMLName("b"))
        #expect(document.element(withID: "three")?.name == XMLName("c"))
        #expect(document.element(withID: "four") == nil)
        try document.registerIDAttributes([XMLName("ref")])
        #expect(document.element(withID: "four")?.name == XMLName("d"))
    }

    @Test func refusesDuplicateIDs() throws {
        let document = try XMLDocument(parsing: "<r><a ID=\"x\"/><b Id=\"x\"/></r>")
        let error = #expect(throws: XMLIDError.self) { try document.registerIDAttributes() }
        #expect(error?.code == .duplicate)
        #expect(error?.id == "x")
    }
}

/// Runs `body` with file descriptor 2 redirected to a temporary file and returns what was written.
func capturingStandardError(_ body: () throws -> Void) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("stderr-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: url.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: url) }
    let file = try FileHandle(forWritingTo: url)
    let saved = dup(2)
    dup2(file.fileDescriptor, 2)
    defer {
        dup2(saved, 2)
        close(saved)
        try? file.close()
    }
    try body()
    let captured = try String(contentsOf: url, encoding: .utf8)
    FileHandle(fileDescriptor: saved, closeOnDealloc: false).write(Data(captured.utf8))
    return captured
}
