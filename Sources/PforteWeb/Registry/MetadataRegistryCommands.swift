public import Foundation
public import PforteConfiguration
import PforteFederation
import Logging
import PforteSAML
public import PforteStore

/// The work of `pforte metadata import|remove|list|lands` on the store's registry (issue #21),
/// next to the code the server builds its SPs and Länder with.
public enum MetadataRegistryCommands {
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    /// The commands report refusals themselves; the build's log lines would repeat them.
    private static let silent = Logger(label: "pforte.metadata", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Validates a metadata document as the server will read it and saves it in the store,
    /// where every node picks it up within `metadata.poll_interval_seconds`. With
    /// `saml.federation_certificate` set, the document must be signed by it (an aggregate
    /// always must). A document imported under the same name is replaced (a metadata update);
    /// an entity trusted through another document is refused.
    ///
    /// - Returns: the entities' IDs and the document's name.
    public static func importDocument(
        _ configuration: PforteConfig, documents: any MetadataDocumentStore, from source: URL, asLand: Bool,
        settings settingsFile: URL?, now: Date = Date()
    ) async throws -> (entityIDs: [String], name: String) {
        let certificate = configuration.saml.federationCertificate.isEmpty
            ? nil : try String(contentsOfFile: configuration.saml.federationCertificate, encoding: .utf8)
        var record = MetadataDocumentRecord(
            origin: .imported, name: "", role: asLand ? .federation : .sp, document: try Data(contentsOf: source),
            settings: try settingsFile.map { try String(contentsOf: $0, encoding: .utf8) } ?? "", certificate: certificate, updatedAt: now
        )
        var skipped: [String] = []
        let contents = try MetadataDocumentContents.read(record, now: now) { skipped.append("\($0): \($1)") }
        if let first = skipped.first { throw Refusal(description: "an entity of the document is unusable: \(first)") }
        let entityIDs = contents.lands.map(\.entityID) + contents.serviceProviders.map(\.entityID)
        if asLand && contents.lands.isEmpty {
            throw Refusal(description: "\(source.path) describes no IdP (IDPSSODescriptor)")
        }
        record.name = SAMLMetadataFiles.fileName(for: entityIDs[0])
        let others = try await documents.list().filter { !($0.origin == .imported && $0.name == record.name) }
        let trusted = RelyingParties.build(others, now: now, logger: Self.silent)
        if let twice = entityIDs.first(where: { entityID in
            trusted.serviceProviders[entityID] != nil || trusted.lands.contains { $0.entityID == entityID }
        }) {
            throw Refusal(description: "\(twice) is already trusted through another document (`pforte metadata list`)")
        }
        try await documents.save(record)
        return (entityIDs, record.name)
    }

    /// What the server would trust now: the `metadata/` files (validated as at start, so a bad
    /// one throws ``ConfigurationError``) and the store's other documents.
    public static func relyingParties(_ configuration: PforteConfig, documents: any MetadataDocumentStore, now: Date = Date()) async throws -> String {
        let files = try MetadataFileSource(configuration: configuration).records(now: now)
        let stored = try await documents.list().filter { $0.origin != .file }
        let parties = RelyingParties.build(files + stored, now: now, logger: Self.silent)
        let providers = parties.serviceProviders.values.sorted { $0.entityID < $1.entityID }.map(describe)
        let lands = parties.lands.map(describe)
        let names = (files + stored).map { "document: \($0.origin.rawValue) \($0.name) (\($0.role.rawValue))" }
        return (names + providers + lands).joined(separator: "\n\n")
    }

    static func describe(_ provider: ServiceProvider) -> String {
        let settings = provider.settings
        return [
            "entity_id: \(provider.entityID)",
            "acs: \(provider.assertionConsumerServices.map(\.location).joined(separator: " "))",
            "slo: \(provider.singleLogoutServices.map { "\($0.location) (\($0.binding == .post ? "POST" : "Redirect"))" }.joined(separator: " "))",
            "minimum_level: \(settings.minimumLevel.rawValue)",
            "attributes: \(settings.attributes.joined(separator: " "))",
            "name_id_format: \(settings.nameIDFormat == .persistent ? "persistent" : "transient")",
            "signed_requests_required: \(provider.requiresSignedRequests)",
            "assertions_encrypted: \(provider.encryptsAssertions)",
        ].joined(separator: "\n")
    }

    static func describe(_ land: Land) -> String {
        [
            "land_entity_id: \(land.entityID)",
            "display_name: \(land.displayName)",
            "label: \(land.label)",
            "sso: \(land.singleSignOnURL)",
            "slo: \(land.singleLogoutURL ?? "")",
            "attribute_overrides: \(land.settings.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))",
        ].joined(separator: "\n")
    }
}
