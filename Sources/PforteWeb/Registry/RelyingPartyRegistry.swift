import Foundation
import Logging
import PforteFederation
import PforteSAML
import PforteStore
import Synchronization

/// The SPs and Länder this node trusts right now, built from the store's metadata documents
/// (issue #21) and swapped whole when the store's version moves, so a request sees either the
/// old set or the new one, never half of each.
final class RelyingPartyRegistry: Sendable {
    private let current = Mutex(RelyingParties())
    let documents: any MetadataDocumentStore
    private let logger: Logger

    init(documents: any MetadataDocumentStore, logger: Logger) {
        self.documents = documents
        self.logger = logger
    }

    var relyingParties: RelyingParties { current.withLock { $0 } }

    func serviceProvider(_ entityID: String) -> ServiceProvider? {
        current.withLock { $0.serviceProviders[entityID] }
    }

    var lands: [Land] { current.withLock { $0.lands } }

    /// Rebuilds the set when the store's version differs from the one it was built from (or
    /// always, with `force`). Returns whether it did.
    @discardableResult
    func reload(now: Date, force: Bool = false) async throws -> Bool {
        let version = try await documents.version()
        guard force || version != current.withLock({ $0.version }) else { return false }
        let records = try await documents.list()
        var rebuilt = RelyingParties.build(records, now: now, logger: logger)
        rebuilt.version = version
        current.withLock { $0 = rebuilt }
        logger.info("relying parties loaded", metadata: [
            "version": "\(version)",
            "sps": .array(rebuilt.serviceProviders.keys.sorted().map { .string($0) }),
            "lands": .array(rebuilt.lands.map { .string($0.entityID) }),
        ])
        return true
    }
}
