import Foundation
import PforteFederation
import PforteSAML
import PforteStore
import Yams

/// What one registry document holds once parsed and verified: SPs and Länder.
///
/// The protocol rules (signature, `validUntil`, endpoints, keys) are PforteSAML's and
/// PforteFederation's; this only picks the parser by role and shape and applies the settings.
struct MetadataDocumentContents {
    var serviceProviders: [ServiceProvider] = []
    var lands: [Land] = []

    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    /// - Parameter skipped: told of each unusable entity inside an aggregate (entityID, why).
    static func read(_ record: MetadataDocumentRecord, now: Date, skipped: (String, String) -> Void) throws -> MetadataDocumentContents {
        let certificate = try record.certificate.map { pem throws(MetadataError) in try TrustedCertificate(pem: pem) }
        let isAggregate = ServiceProviderMetadata.isAggregate(record.document)
        let settings = try EntitySettings(yaml: record.settings, perEntity: isAggregate)
        var contents = MetadataDocumentContents()
        if record.role == .federation {
            contents.lands = try LandMetadata.parse(
                record.document, settings: { settings.lookup(LandSettings.self, $0) ?? LandSettings() },
                federationCertificate: certificate, now: now, skipsInvalidEntities: true, skipped: { skipped($0, $1.debugReason) }
            )
            try settings.check(LandSettings.self, entityIDs: contents.lands.map(\.entityID))
        }
        if isAggregate {
            guard let certificate else { throw Refusal(description: "an aggregate needs a certificate to verify its signature") }
            contents.serviceProviders = try ServiceProviderMetadata.parseAggregate(
                record.document, settings: { settings.lookup(ServiceProviderSettings.self, $0) ?? ServiceProviderSettings() },
                federationCertificate: certificate, now: now, skipped: { skipped($0, $1.reason) }
            )
        } else if contents.lands.isEmpty {
            let single = settings.lookup(ServiceProviderSettings.self, nil) ?? ServiceProviderSettings()
            contents.serviceProviders = [try ServiceProviderMetadata.parse(record.document, settings: single, federationCertificate: certificate, now: now)]
        }
        try settings.check(ServiceProviderSettings.self, entityIDs: contents.serviceProviders.map(\.entityID))
        if record.role == .federation {
            // The Länder's SPs get the trust level in their assertions (issue #7).
            for index in contents.serviceProviders.indices { contents.serviceProviders[index].settings.trustLevelAttribute = true }
        }
        if contents.serviceProviders.isEmpty && contents.lands.isEmpty {
            throw Refusal(description: "the document holds no usable entity")
        }
        return contents
    }
}

/// A settings text as the files have it: one entity's settings, or for an aggregate a map
/// from entityID to settings. Each entry is decoded as the type its entity needs.
struct EntitySettings {
    private let single: Node?
    private let perEntity: [String: Node]

    init(yaml: String, perEntity isAggregate: Bool) throws {
        let node = yaml.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : try Yams.compose(yaml: yaml)
        if isAggregate, let node {
            guard let mapping = node.mapping else { throw MetadataDocumentContents.Refusal(description: "an aggregate's settings map entityIDs to settings") }
            perEntity = Dictionary(mapping.map { ($0.key.string ?? "", $0.value) }, uniquingKeysWith: { first, _ in first })
            single = nil
        } else {
            perEntity = [:]
            single = node
        }
    }

    /// The settings of `entityID` (nil: of the document's one entity), if any; nil also when
    /// they do not decode, which ``check(_:entityIDs:)`` reports.
    func lookup<Settings: Decodable>(_ type: Settings.Type, _ entityID: String?) -> Settings? {
        guard let node = entityID.flatMap({ perEntity[$0] }) ?? single else { return nil }
        return try? YAMLDecoder().decode(type, from: node)
    }

    /// Refuses settings of these entities that do not decode.
    func check<Settings: Decodable>(_ type: Settings.Type, entityIDs: [String]) throws {
        for entityID in entityIDs {
            guard let node = perEntity[entityID] ?? single else { continue }
            do {
                _ = try YAMLDecoder().decode(type, from: node)
            } catch {
                throw MetadataDocumentContents.Refusal(description: "the settings of \(entityID) are invalid: \(error)")
            }
        }
    }
}
