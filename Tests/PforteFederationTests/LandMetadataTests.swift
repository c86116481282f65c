import Foundation
@testable import PforteFederation
@testable import PforteSAML
import Testing

@Suite struct LandMetadataTests {
    @Test func aLandsMetadataGivesItsEndpointsAndKeys() throws {
        let land = Fixtures.land(settings: LandSettings(displayName: "Freistaat Beispiel", label: "Servicekonto"))
        #expect(land.entityID == "https://land.example/saml/metadata")
        #expect(land.singleSignOnURL == "https://land.example/saml/sso")
        #expect(land.singleLogoutURL == "https://land.example/saml/slo")
        #expect(land.displayName == "Freistaat Beispiel")
        #expect(!land.signingCertificates.isEmpty)
    }

    @Test func anSPsMetadataDescribesNoLand() throws {
        #expect(try LandMetadata.parse(Fixtures.serviceProvider.metadata(now: Date())).isEmpty)
    }

    @Test func anAggregateNeedsTheFederationCertificate() throws {
        let entity = String(decoding: try Fixtures.landIdP.metadata(now: Date()), as: UTF8.self)
            .replacingOccurrences(of: #"<?xml version="1.0" encoding="UTF-8"?>"#, with: "")
        let aggregate = #"<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">"# + entity + "</md:EntitiesDescriptor>"
        #expect(throws: FederationError.self) { try LandMetadata.parse(Data(aggregate.utf8)) }
        let certificate = try TrustedCertificate(base64DER: Fixtures.landIdP.activeCertificate)
        #expect(throws: FederationError.self) { try LandMetadata.parse(Data(aggregate.utf8), federationCertificate: certificate) }
    }

    @Test func expiredMetadataIsRefused() {
        let old = try! Fixtures.landIdP.metadata(now: Date().addingTimeInterval(-30 * 24 * 3600))
        #expect(throws: FederationError.self) { try LandMetadata.parse(old) }
    }

    @Test func settingsNameOnlyAttributesOfTheTable() throws {
        let yaml = #"{"attributes": {"urn:oid:1.2.3": "shoeSize"}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LandSettings.self, from: Data(yaml.utf8)) }
        let good = #"{"display_name": "Land", "attributes": {"urn:oid:1.2.3": "givenName"}}"#
        #expect(try JSONDecoder().decode(LandSettings.self, from: Data(good.utf8)).attributes == ["urn:oid:1.2.3": "givenName"])
    }

    @Test func theAuthnRequestAsksForTheLevelInBothVocabulariesSigned() throws {
        let redirect = try Fixtures.serviceProvider.authnRequest(to: Fixtures.land(), requiring: .substantiell, relayState: "rs", now: Date())
        let query = try #require(redirect.url.split(separator: "?", maxSplits: 1).last).description
        #expect(query.contains("SigAlg=") && query.contains("Signature="))
        let message = try RedirectBinding.decode(rawQuery: query, expecting: .request, limit: 64 * 1024)
        let xml = message.document.xmlString
        #expect(xml.contains("ID=\"\(redirect.expectedRequestID)\""))
        #expect(xml.contains("<saml:AuthnContextClassRef>http://eidas.europa.eu/LoA/substantial</saml:AuthnContextClassRef>"))
        #expect(xml.contains("<saml:AuthnContextClassRef>STORK-QAA-Level-3</saml:AuthnContextClassRef>"))
        #expect(message.relayState == "rs")
    }

    @Test func theFederatedSubjectDependsOnLandAndSubject() {
        let key = Fixtures.subjectKey
        let one = FederatedSubject.identifier(landEntityID: "https://a.example", subject: "x", key: key)
        #expect(one.count == 22)
        #expect(one == FederatedSubject.identifier(landEntityID: "https://a.example", subject: "x", key: key))
        #expect(one != FederatedSubject.identifier(landEntityID: "https://b.example", subject: "x", key: key))
        #expect(one != FederatedSubject.identifier(landEntityID: "https://a.example", subject: "y", key: key))
    }
}

/// Pforte's SP metadata toward the Länder declares the algorithms it accepts from them.
@Suite struct FederationAlgorithmTests {
    @Test func theSPMetadataDeclaresGCMOnlyAndRSASHA256() throws {
        let xml = String(decoding: try Fixtures.serviceProvider.metadata(now: Date()), as: UTF8.self)
        #expect(xml.contains("<alg:SigningMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#rsa-sha256\" MinKeySize=\"2048\"/>"))
        #expect(xml.contains("<alg:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>"))
        #expect(xml.contains("<md:EncryptionMethod Algorithm=\"http://www.w3.org/2009/xmlenc11#aes256-gcm\"/>"))
        #expect(!xml.contains("-cbc"), "assertions are decrypted before their signature is checked: no CBC")
        #expect(!xml.contains("rsa-1_5") && !xml.contains("#sha1\""))
        _ = try ServiceProviderMetadata.parse(Fixtures.serviceProvider.metadata(now: Date()))
    }
}
