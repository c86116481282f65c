import Foundation
import Logging
import PforteConfiguration
import PforteStore
import Testing

@testable import PforteSAML
@testable import PforteWeb

/// The node's SPs and Länder built from the registry's documents (issue #21): what a bad
/// document or entity costs, and a change noticed through the store's version.
@Suite struct RelyingPartyRegistryTests {
    static let logger = Logger(label: "pforte.registry.tests")
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func metadata(_ name: String, rootAttributes: String = "", acs: String? = nil) -> Data {
        Data("""
        <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://\(name).example/sp"\(rootAttributes)>
        <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
        <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(IdentityProvider.base64DER(pem: SAMLTestPortal.key.certificatePEM))\
        </ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
        <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="\(acs ?? "https://\(name).example/acs")" index="0"/>
        </md:SPSSODescriptor></md:EntityDescriptor>
        """.utf8)
    }

    func record(_ name: String, _ document: Data, settings: String = "", origin: MetadataDocumentRecord.Origin = .imported,
                role: MetadataDocumentRecord.Role = .sp) -> MetadataDocumentRecord {
        MetadataDocumentRecord(origin: origin, name: name, role: role, document: document, settings: settings, updatedAt: now)
    }

    @Test func aBadDocumentIsLeftOutAndTheOthersServe() {
        let parties = RelyingParties.build([
            record("good", metadata("good"), settings: "minimum_level: hoch\n"),
            record("expired", metadata("expired", rootAttributes: #" validUntil="2001-01-01T00:00:00Z""#)),
            record("remote", metadata("remote", acs: "http://remote.example/acs")),
            record("settings", metadata("settings"), settings: "minimum_level: maximal\n"),
            record("not xml", Data("<md:EntityDescriptor".utf8)),
            record("aggregate without certificate", Data(#"<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>"#.utf8)),
            record("land without entities", Data(#"<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>"#.utf8), role: .federation),
        ], now: now, logger: Self.logger)
        #expect(parties.serviceProviders.keys.sorted() == ["https://good.example/sp"])
        #expect(parties.serviceProviders["https://good.example/sp"]?.settings.minimumLevel == .hoch)
        #expect(parties.lands.isEmpty)
    }

    @Test func anEntityIDDefinedTwiceKeepsItsFirstDefinition() {
        let parties = RelyingParties.build([
            record("sp/portal.xml", metadata("portal"), settings: "minimum_level: substantiell\n", origin: .file),
            record("portal", metadata("portal")),
        ], now: now, logger: Self.logger)
        #expect(parties.serviceProviders["https://portal.example/sp"]?.settings.minimumLevel == .substantiell)
    }

    /// The Länder's SPs get the trust level in their assertions, as from the files (issue #7).
    @Test func aFederationDocumentsSPAssertsTheLevel() {
        let parties = RelyingParties.build([record("land-sp", metadata("land"), role: .federation)], now: now, logger: Self.logger)
        #expect(parties.serviceProviders["https://land.example/sp"]?.settings.trustLevelAttribute == true)
    }

    @Test func theEarliestValidUntilIsWhenTheSetMustBeRebuilt() {
        let soon = #" validUntil="2027-02-01T00:00:00Z""#
        let parties = RelyingParties.build([
            record("later", metadata("later", rootAttributes: #" validUntil="2030-01-01T00:00:00Z""#)),
            record("soon", metadata("soon", rootAttributes: soon)),
        ], now: now, logger: Self.logger)
        #expect(parties.expiresAt == SAMLTime.parse("2027-02-01T00:00:00Z"))
        #expect(parties.serviceProviders.count == 2)
    }

    @Test(arguments: WebTestBackend.all)
    func aNodeNoticesAChangeOfTheStoreAndKeepsItsFiles(_ backend: WebTestBackend) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = PforteConfig()
        configuration.paths.metadata = directory.appendingPathComponent("metadata").path
        SAMLTestPortal.install(metadataDirectory: configuration.paths.metadata)
        try await backend.withStore(StoreConfiguration(backend: .sqlite(path: directory.appendingPathComponent("store.sqlite").path)),
                                    logger: Self.logger) { store in
            try await Migrator(store: store, logger: Self.logger).migrate()
            let documents = SQLMetadataDocumentStore(store: store)
            let registry = RelyingPartyRegistry(documents: documents, files: MetadataFileSource(configuration: configuration), logger: Self.logger)
            try await registry.rereadFiles(now: now)
            #expect(registry.serviceProvider(SAMLTestPortal.entityID) != nil)
            #expect(try await registry.reload(now: now) == false)

            try await documents.save(record("imported", metadata("imported")))
            #expect(try await registry.reload(now: now) == true)
            #expect(registry.serviceProvider("https://imported.example/sp") != nil)
            #expect(registry.serviceProvider(SAMLTestPortal.entityID) != nil)

            try await documents.delete(origin: .imported, name: "imported")
            #expect(try await registry.reload(now: now) == true)
            #expect(registry.serviceProvider("https://imported.example/sp") == nil)

            // A bad file on re-reading keeps the files read before.
            try "minimum_level: maximal\n".write(to: URL(fileURLWithPath: configuration.paths.metadata).appendingPathComponent("sp/portal.yaml"),
                                                 atomically: true, encoding: .utf8)
            await #expect(throws: ConfigurationError.self) { try await registry.rereadFiles(now: now) }
            #expect(registry.serviceProvider(SAMLTestPortal.entityID) != nil)
        }
    }

    /// A source's copy must say how long it is valid, be valid now, and be signed by the
    /// source's certificate; each refusal keeps the last good copy (MetadataSourceService).
    @Test func aSourceCopyIsRefusedWithoutValidityOrSignature() {
        let refresh = MetadataSourceRefresh(http: .shared, minimumInterval: 1, logger: Self.logger)
        let source = MetadataSourceRecord(url: "https://federation.example/md.xml", role: .sp, certificate: SAMLTestPortal.key.certificatePEM,
                                          refreshSeconds: 3600, nextRefreshAt: now)
        func refusal(_ data: Data) -> String {
            do {
                _ = try refresh.verify(data, for: source, now: now)
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        #expect(refusal(metadata("portal")).contains("no validUntil"))
        #expect(refusal(metadata("portal", rootAttributes: #" validUntil="2027-01-01T00:00:00Z""#)).contains("expired"))
        #expect(refusal(metadata("portal", rootAttributes: #" validUntil="2030-01-01T00:00:00Z""#)).contains("signature"))
        #expect(refusal(metadata("portal", rootAttributes: #" validUntil="someday""#)).contains("xs:dateTime"))
        #expect(refusal(Data("<html>".utf8)).contains("well-formed"))
    }

    @Test(arguments: ["https://federation.example/md.xml", "http://localhost:8000/md.xml", "http://127.0.0.1/md.xml", "http://[::1]:9/md.xml"])
    func sourceURLsAccepted(_ url: String) {
        #expect(MetadataSourceRefresh.isAcceptable(url))
    }

    @Test(arguments: ["http://federation.example/md.xml", "ftp://federation.example/md.xml", "file:///etc/passwd", "https://", "federation.example"])
    func sourceURLsRefused(_ url: String) {
        #expect(!MetadataSourceRefresh.isAcceptable(url))
    }

    @Test(arguments: [("30s", 30), ("15m", 900), ("1h", 3600), ("1d", 86_400)])
    func refreshIntervals(_ text: String, _ seconds: Int) {
        #expect(MetadataSourceCommands.seconds(text) == seconds)
    }

    @Test(arguments: ["", "h", "0h", "-1h", "1w", "1.5h", "soon"])
    func refreshIntervalsRefused(_ text: String) {
        #expect(MetadataSourceCommands.seconds(text) == nil)
    }
}
