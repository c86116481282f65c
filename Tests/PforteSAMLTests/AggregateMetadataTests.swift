import Foundation
@testable import PforteSAML
import PforteXML
import Testing

/// SP entities inside a federation's signed aggregate (issue #21), and the aggregate's
/// `validUntil` and `cacheDuration`.
@Suite struct AggregateMetadataTests {
    let federation = try! TrustedCertificate(base64DER: Fixtures.attacker.base64DER)

    func entity(_ name: String, acs: String? = nil) -> String {
        Fixtures.metadata(entityID: "https://\(name).example/metadata", acs: acs ?? "https://\(name).example/acs")
            .replacingOccurrences(of: " ID=\"_md\"", with: "")
    }

    func aggregate(_ entities: [String], rootAttributes: String = " validUntil=\"2099-01-01T00:00:00Z\"", signed: Bool = true,
                   key: TestServiceProviderKey = Fixtures.attacker) throws -> Data {
        let xml = #"<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" ID="_aggregate""#
            + rootAttributes + ">" + entities.joined() + "</md:EntitiesDescriptor>"
        guard signed else { return Data(xml.utf8) }
        let document = try XMLDocument(parsing: xml)
        try document.registerIDAttributes()
        try document.sign(element: document.root, key: key.xmlKey, placement: .firstChild)
        return Data(document.xmlString.utf8)
    }

    func refusal(_ data: Data) -> String? {
        do {
            _ = try ServiceProviderMetadata.parseAggregate(data, federationCertificate: federation)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func everySPOfASignedAggregateIsReadWithItsSettings() throws {
        let data = try aggregate([entity("one"), entity("two")])
        #expect(ServiceProviderMetadata.isAggregate(data))
        let providers = try ServiceProviderMetadata.parseAggregate(data, settings: { entityID in
            var settings = ServiceProviderSettings()
            if entityID == "https://two.example/metadata" { settings.minimumLevel = .hoch }
            return settings
        }, federationCertificate: federation)
        #expect(providers.map(\.entityID) == ["https://one.example/metadata", "https://two.example/metadata"])
        #expect(providers.map(\.settings.minimumLevel) == [.normal, .hoch])
    }

    @Test func anUnusableEntityIsSkippedAndNamed() throws {
        var skipped: [String] = []
        let data = try aggregate([entity("good"), entity("bad", acs: "http://bad.example/acs")])
        let providers = try ServiceProviderMetadata.parseAggregate(data, federationCertificate: federation) { entityID, _ in
            skipped.append(entityID)
        }
        #expect(providers.map(\.entityID) == ["https://good.example/metadata"])
        #expect(skipped == ["https://bad.example/metadata"])
    }

    @Test func theDocumentItselfMustBeSignedByTheFederationValidAndAnAggregate() throws {
        #expect(refusal(try aggregate([entity("one")], signed: false))?.contains("signature") == true)
        #expect(refusal(try aggregate([entity("one")], key: Fixtures.sp))?.contains("signature") == true)
        var tampered = String(decoding: try aggregate([entity("one")]), as: UTF8.self)
        tampered = tampered.replacingOccurrences(of: "https://one.example/acs", with: "https://evil.example/acs")
        #expect(refusal(Data(tampered.utf8))?.contains("signature") == true)
        #expect(refusal(try aggregate([entity("one")], rootAttributes: " validUntil=\"2001-01-01T00:00:00Z\""))?.contains("expired") == true)
        #expect(refusal(Data(Fixtures.metadata().utf8))?.contains("EntitiesDescriptor") == true)
        #expect(refusal(Data("<md:EntitiesDescriptor".utf8))?.contains("well-formed") == true)
        #expect(!ServiceProviderMetadata.isAggregate(Data(Fixtures.metadata().utf8)))
        #expect(!ServiceProviderMetadata.isAggregate(Data("not xml".utf8)))
    }

    @Test func validityIsReadFromTheDocumentElement() throws {
        let validity = try MetadataValidity.of(try aggregate([], rootAttributes: #" validUntil="2099-01-01T00:00:00Z" cacheDuration="PT6H""#))
        #expect(validity.validUntil == SAMLTime.parse("2099-01-01T00:00:00Z"))
        #expect(validity.cacheDuration == TimeInterval(6 * 3600))
        #expect(try MetadataValidity.of(try aggregate([], rootAttributes: "")) == MetadataValidity(validUntil: nil, cacheDuration: nil))
        #expect(throws: MetadataError.self) { try MetadataValidity.of(try aggregate([], rootAttributes: #" validUntil="tomorrow""#)) }
        #expect(throws: MetadataError.self) { try MetadataValidity.of(try aggregate([], rootAttributes: #" cacheDuration="6h""#)) }
        #expect(throws: MetadataError.self) { try MetadataValidity.of(Data("<x".utf8)) }
    }

    @Test(arguments: [("P1D", 86_400.0), ("PT6H", 21_600), ("PT1H30M", 5_400), ("PT90S", 90), ("P1DT1S", 86_401), ("PT0.5S", 0.5)])
    func durations(_ text: String, _ seconds: TimeInterval) {
        #expect(MetadataValidity.duration(text) == seconds)
    }

    @Test(arguments: ["", "P", "PT", "P1Y", "P1M", "-PT1H", "PT1H ", "P1DT", "1H", "PT1.S"])
    func durationsRefused(_ text: String) {
        #expect(MetadataValidity.duration(text) == nil)
    }
}
