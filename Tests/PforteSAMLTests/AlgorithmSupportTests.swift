import Foundation
@testable import PforteSAML
import PforteXML
import Testing

/// SAML V2.0 Metadata Profile for Algorithm Support in the IdP metadata.
@Suite struct AlgorithmSupportTests {
    static let alg = AlgorithmSupport.namespace
    static let md = SAMLNamespace.metadata

    static func algorithms(_ elements: [XMLElement]) -> [String] {
        elements.compactMap { $0.attribute("Algorithm") }
    }

    @Test func theIdPMetadataDeclaresWhatItAccepts() throws {
        let document = try XMLDocument(parsing: Fixtures.identityProvider.metadata(now: Date()))
        let extensions = try #require(document.root.firstChild(named: XMLName(namespace: Self.md, localName: "Extensions")))
        #expect(Self.algorithms(extensions.children(named: XMLName(namespace: Self.alg, localName: "DigestMethod")))
            == ["http://www.w3.org/2001/04/xmlenc#sha256"])
        let signing = extensions.children(named: XMLName(namespace: Self.alg, localName: "SigningMethod"))
        #expect(Self.algorithms(signing) == ["http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"])
        #expect(signing.first?.attribute("MinKeySize") == "2048")
        let xml = document.xmlString
        #expect(!xml.contains("sha1\""), "SHA-1 is refused, so never declared")
        #expect(!xml.contains("rsa-1_5"))

        let descriptors = document.root.descendants(named: XMLName(namespace: Self.md, localName: "KeyDescriptor"))
        let encryption = try #require(descriptors.first { $0.attribute("use") == "encryption" })
        let methods = Self.algorithms(encryption.children(named: XMLName(namespace: Self.md, localName: "EncryptionMethod")))
        #expect(methods == [
            "http://www.w3.org/2009/xmlenc11#aes256-gcm", "http://www.w3.org/2009/xmlenc11#aes128-gcm",
            "http://www.w3.org/2001/04/xmlenc#aes256-cbc", "http://www.w3.org/2001/04/xmlenc#aes128-cbc",
            "http://www.w3.org/2009/xmlenc11#rsa-oaep", "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p",
        ])
        #expect(descriptors.filter { $0.attribute("use") == "signing" }.allSatisfy {
            $0.children(named: XMLName(namespace: Self.md, localName: "EncryptionMethod")).isEmpty
        })
    }

    /// The Extensions come after the signature and before the role (metadata schema order), and
    /// the signature still covers the whole document.
    @Test func theSignedMetadataKeepsSchemaOrder() throws {
        let document = try XMLDocument(parsing: Fixtures.identityProvider.metadata(now: Date()))
        #expect(document.root.children.map(\.name.localName) == ["Signature", "Extensions", "IDPSSODescriptor"])
    }
}
