import Foundation
@testable import PforteSAML
import PforteXML
import Testing

@Suite struct MetadataTests {
    func refusal(_ xml: String, federation: TrustedCertificate? = nil) -> String? {
        do {
            _ = try ServiceProviderMetadata.parse(Data(xml.utf8), federationCertificate: federation)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func validMetadataIsRead() throws {
        let provider = Fixtures.serviceProvider
        #expect(provider.entityID == Fixtures.spEntityID)
        #expect(provider.assertionConsumerServices.map(\.location) == [Fixtures.acs])
        #expect(provider.singleLogoutServices.first?.binding == .redirect)
        #expect(provider.signingCertificates.count == 1)
        #expect(provider.encryptsAssertions)
        #expect(provider.requiresSignedRequests)
    }

    @Test func displayNamesAreReadByLanguage() throws {
        let ui = """
            <md:Extensions><mdui:UIInfo xmlns:mdui="urn:oasis:names:tc:SAML:metadata:ui">\
            <mdui:DisplayName xml:lang="en">Tax portal</mdui:DisplayName>\
            <mdui:DisplayName xml:lang="de">Steuerportal</mdui:DisplayName></mdui:UIInfo></md:Extensions>
            """
        let xml = Fixtures.metadata().replacingOccurrences(
            of: "AuthnRequestsSigned=\"true\">", with: "AuthnRequestsSigned=\"true\">" + ui
        )
        let provider = try ServiceProviderMetadata.parse(Data(xml.utf8))
        #expect(provider.displayName(language: "de") == "Steuerportal")
        #expect(provider.displayName(language: "en") == "Tax portal")
        #expect(provider.displayName(language: "fr") == "Steuerportal")
        #expect(Fixtures.serviceProvider.displayName(language: "de") == Fixtures.spEntityID)
    }

    @Test func refusals() throws {
        #expect(refusal(Fixtures.metadata(entityID: "")) != nil)
        #expect(refusal(Fixtures.metadata(acs: "http://sp.example/acs"))?.contains("https") == true)
        #expect(refusal(Fixtures.metadata(acs: "javascript:alert(1)")) != nil)
        #expect(refusal(Fixtures.metadata(certificate: "bm90IGEgY2VydA==")) != nil)
        #expect(refusal(Fixtures.metadata(rootAttributes: " validUntil=\"2001-01-01T00:00:00Z\""))?.contains("expired") == true)
        #expect(refusal("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><x/>") != nil)
        let noACS = Fixtures.metadata().replacingOccurrences(of: "HTTP-POST", with: "HTTP-Artifact")
        #expect(refusal(noACS)?.contains("AssertionConsumerService") == true)
        // localhost over http is allowed for development.
        #expect(refusal(Fixtures.metadata(acs: "http://localhost:8000/acs")) == nil)
    }

    @Test func federationSignatureIsRequiredWhenConfigured() throws {
        let federation = try TrustedCertificate(base64DER: Fixtures.attacker.base64DER)
        #expect(refusal(Fixtures.metadata(), federation: federation)?.contains("signature") == true)
        let document = try XMLDocument(parsing: Fixtures.metadata())
        try document.registerIDAttributes()
        try document.sign(element: document.root, key: Fixtures.attacker.xmlKey, placement: .firstChild)
        #expect(refusal(document.xmlString, federation: federation) == nil)
        let other = try TrustedCertificate(base64DER: Fixtures.sp.base64DER)
        #expect(refusal(document.xmlString, federation: other) != nil)
    }

    @Test func settingsAreDecodedStrictly() throws {
        let decoder = JSONDecoder()
        let settings = try decoder.decode(ServiceProviderSettings.self, from: Data(#"{"minimum_level":"substantiell","attributes":["mail"],"name_id_format":"transient"}"#.utf8))
        #expect(settings.minimumLevel == .substantiell)
        #expect(settings.nameIDFormat == .transient)
        #expect(settings.requireSignedRequests)
        #expect(throws: (any Error).self) { try decoder.decode(ServiceProviderSettings.self, from: Data(#"{"attributes":["password"]}"#.utf8)) }
        #expect(throws: (any Error).self) { try decoder.decode(ServiceProviderSettings.self, from: Data(#"{"minimum_level":"max"}"#.utf8)) }
    }
}
