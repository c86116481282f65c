import AsyncHTTPClient
import Foundation
import NIOCore
import Logging
import PforteSAML
import PforteStore

/// One refresh of a metadata source (issue #21): fetch, verify, and either keep the new copy
/// or keep the last good one. Never is an unverified, expired or empty copy used: it would
/// either trust a forged SP or Land, or drop every one the federation lists.
struct MetadataSourceRefresh: Sendable {
    let http: HTTPClient
    /// Fetches are not retried sooner than this, whatever `cacheDuration` or a failure says.
    let minimumInterval: TimeInterval
    let logger: Logger

    static let maximumBytes = 16 * 1024 * 1024
    static let fetchTimeout: TimeAmount = .seconds(30)

    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    /// The source's new state, and the copy to store when it was good.
    func run(_ source: MetadataSourceRecord, now: Date) async -> (source: MetadataSourceRecord, document: MetadataDocumentRecord?) {
        var source = source
        let metadata: Logger.Metadata = ["url": "\(source.url)"]
        do {
            let data = try await fetch(source.url)
            let (document, validity, entities) = try verify(data, for: source, now: now)
            source.lastSuccessAt = now
            source.validUntil = validity.validUntil
            source.entities = entities
            source.lastError = nil
            let wanted = min(TimeInterval(source.refreshSeconds), validity.cacheDuration ?? .infinity)
            source.nextRefreshAt = now.addingTimeInterval(max(minimumInterval, wanted))
            logger.info("metadata source refreshed", metadata: metadata.merging([
                "entities": "\(entities)", "valid_until": "\(SAMLTime.format(validity.validUntil ?? now))",
                "next_refresh": "\(SAMLTime.format(source.nextRefreshAt))",
            ]) { $1 })
            return (source, document)
        } catch {
            source.lastError = "\(error)"
            source.nextRefreshAt = now.addingTimeInterval(minimumInterval)
            logger.error("metadata source refresh failed; the last good copy stays", metadata: metadata.merging([
                "reason": "\(error)", "last_success": "\(source.lastSuccessAt.map(SAMLTime.format) ?? "never")",
            ]) { $1 })
            return (source, nil)
        }
    }

    private func fetch(_ url: String) async throws -> Data {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/samlmetadata+xml, application/xml;q=0.9")
        let response = try await http.execute(request, timeout: Self.fetchTimeout)
        guard response.status.code == 200 else { throw Refusal(description: "the source answered HTTP \(response.status.code)") }
        let body = try await response.body.collect(upTo: Self.maximumBytes)
        return Data(body.readableBytesView)
    }

    /// The rules of issue #21 on top of the parsers': a signature by the source's
    /// certificate (the parsers require it once a certificate is given), a `validUntil` in
    /// the future, at least one usable entity.
    func verify(_ data: Data, for source: MetadataSourceRecord, now: Date) throws -> (MetadataDocumentRecord, MetadataValidity, Int) {
        let validity = try MetadataValidity.of(data)
        guard let validUntil = validity.validUntil else { throw Refusal(description: "the document has no validUntil") }
        guard validUntil > now else { throw Refusal(description: "the document expired at \(SAMLTime.format(validUntil))") }
        let document = MetadataDocumentRecord(
            origin: .url, name: source.url, role: source.role, document: data, settings: source.settings,
            certificate: source.certificate, updatedAt: now
        )
        let contents = try MetadataDocumentContents.read(document, now: now) { entityID, reason in
            logger.warning("metadata entity skipped", metadata: ["url": "\(source.url)", "entity_id": "\(entityID)", "reason": "\(reason)"])
        }
        return (document, validity, contents.serviceProviders.count + contents.lands.count)
    }

    /// Whether a source URL may be fetched: https, or http to this machine only (a test
    /// federation); anything else could be read or changed on the way.
    static func isAcceptable(_ url: String) -> Bool {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else { return false }
        switch components.scheme {
        case "https": return true
        case "http": return ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host)
        default: return false
        }
    }
}
