import Foundation
import Logging
import PforteFederation
import PforteSAML
import PforteStore

/// One consistent set of trusted SPs and Länder, built from the registry's documents.
struct RelyingParties: Sendable {
    var version: Int64 = -1
    var serviceProviders: [String: ServiceProvider] = [:]
    var lands: [Land] = []
    /// The earliest `validUntil` of the documents: the set must be rebuilt then, so an expired
    /// copy stops being used even when nothing else changes.
    var expiresAt: Date?

    /// Parses and verifies every document as of `now`. A document that fails (an expired or
    /// badly signed copy, settings that no longer decode) is left out with an error line, and an
    /// unusable entity inside an aggregate with a warning naming it: the others still serve.
    /// An entityID met a second time keeps its first definition (files, then imports, then
    /// sources).
    static func build(_ records: [MetadataDocumentRecord], now: Date, logger: Logger) -> RelyingParties {
        var parties = RelyingParties()
        for record in records {
            if let validUntil = (try? MetadataValidity.of(record.document))?.validUntil, validUntil > now {
                parties.expiresAt = min(parties.expiresAt ?? validUntil, validUntil)
            }
            let source: Logger.Metadata = ["origin": "\(record.origin.rawValue)", "document": "\(record.name)"]
            let contents: MetadataDocumentContents
            do {
                contents = try MetadataDocumentContents.read(record, now: now) { entityID, reason in
                    logger.warning("metadata entity skipped", metadata: source.merging(["entity_id": "\(entityID)", "reason": "\(reason)"]) { $1 })
                }
            } catch {
                logger.error("metadata document skipped", metadata: source.merging(["reason": "\(error)"]) { $1 })
                continue
            }
            for provider in contents.serviceProviders {
                guard parties.serviceProviders[provider.entityID] == nil else {
                    logger.warning("metadata entity defined twice", metadata: source.merging(["entity_id": "\(provider.entityID)"]) { $1 })
                    continue
                }
                parties.serviceProviders[provider.entityID] = provider
            }
            for land in contents.lands {
                guard !parties.lands.contains(where: { $0.entityID == land.entityID }) else {
                    logger.warning("metadata entity defined twice", metadata: source.merging(["entity_id": "\(land.entityID)"]) { $1 })
                    continue
                }
                parties.lands.append(land)
            }
        }
        return parties
    }
}
