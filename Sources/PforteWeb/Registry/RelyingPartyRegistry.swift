import Foundation
import Logging
import PforteFederation
import PforteSAML
import PforteStore
import Synchronization

/// The SPs and Länder this node trusts right now (issue #21): its own `metadata/` files and the
/// store's documents, shared by all nodes. The set is rebuilt when the store's version moves
/// or the files are re-read, and swapped whole, so a request sees either the old set or the
/// new one, never half of each.
///
/// The files stay the node's own: nodes of one installation with different files would
/// otherwise replace each other's at every start.
final class RelyingPartyRegistry: Sendable {
    private struct State {
        var parties = RelyingParties()
        var files: [MetadataDocumentRecord] = []
    }

    private let state = Mutex(State())
    let documents: any MetadataDocumentStore
    let files: MetadataFileSource
    private let logger: Logger
    static let listedEntities = 100

    init(documents: any MetadataDocumentStore, files: MetadataFileSource, logger: Logger) {
        self.documents = documents
        self.files = files
        self.logger = logger
    }

    func serviceProvider(_ entityID: String) -> ServiceProvider? {
        state.withLock { $0.parties.serviceProviders[entityID] }
    }

    var lands: [Land] { state.withLock { $0.parties.lands } }

    /// Reads and validates the `metadata/` files (at start, and on SIGHUP) and rebuilds.
    ///
    /// - Throws: ``ConfigurationError`` naming a bad file; the files read before stay.
    func rereadFiles(now: Date) async throws {
        let records = try files.records(now: now)
        state.withLock { $0.files = records }
        try await reload(now: now, force: true)
    }

    /// Rebuilds the set when the store's version differs from the one it was built from, when
    /// a document has expired meanwhile, or always, with `force`. Returns whether it did.
    @discardableResult
    func reload(now: Date, force: Bool = false) async throws -> Bool {
        let version = try await documents.version()
        let (built, expiresAt) = state.withLock { ($0.parties.version, $0.parties.expiresAt) }
        guard force || version != built || expiresAt.map({ now >= $0 }) == true else { return false }
        let stored = try await documents.list()
        let files = state.withLock { $0.files }
        var rebuilt = RelyingParties.build(files + stored, now: now, logger: logger)
        rebuilt.version = version
        state.withLock { $0.parties = rebuilt }
        // The entityIDs are listed for a set an operator reads at a glance, not for a
        // federation's thousands.
        let listed = rebuilt.serviceProviders.count + rebuilt.lands.count <= Self.listedEntities
        logger.info("relying parties loaded", metadata: [
            "version": "\(version)",
            "sp_count": "\(rebuilt.serviceProviders.count)",
            "land_count": "\(rebuilt.lands.count)",
            "sps": .array(listed ? rebuilt.serviceProviders.keys.sorted().map { .string($0) } : []),
            "lands": .array(listed ? rebuilt.lands.map { .string($0.entityID) } : []),
        ])
        return true
    }
}
