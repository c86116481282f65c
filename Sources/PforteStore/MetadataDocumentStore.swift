public import Foundation

/// A metadata document of the relying-party registry (issue #21): an SP's or a Land's
/// metadata, or a federation's aggregate, with the operator's settings for its entities. Every
/// node builds its SPs and Länder from the same documents, so a change made on one node (an
/// import, a refreshed source, a re-read `metadata/` directory) reaches all of them.
///
/// The store keeps the document as received, signature and all, so each node verifies it again
/// with ``certificate`` before trusting it.
public struct MetadataDocumentRecord: Sendable, Equatable {
    /// Where the document came from; each origin's documents are replaced only by that origin.
    public enum Origin: String, Sendable, CaseIterable {
        /// A file under `metadata/`, read by each node at start and on SIGHUP; never stored.
        case file
        /// `pforte metadata import`.
        case imported
        /// A metadata source by URL (`pforte metadata source add`): its last good copy.
        case url
    }

    /// Whose metadata: `sp` (portals, served by the IdP) or `federation` (Länder, and the
    /// Länder's SPs inside their aggregates).
    public enum Role: String, Sendable, CaseIterable {
        case sp
        case federation
    }

    public var origin: Origin
    /// Unique within the origin: the file's path below `metadata/`, the imported entity's file
    /// name, or the source's URL.
    public var name: String
    public var role: Role
    public var document: Data
    /// The operator's settings for the document's entities as YAML (the settings file's text;
    /// an aggregate's maps entityIDs to settings); empty for none.
    public var settings: String
    /// PEM of the certificate the document must be signed with; nil when none is required.
    public var certificate: String?
    public var updatedAt: Date

    public init(origin: Origin, name: String, role: Role, document: Data, settings: String = "", certificate: String? = nil,
                updatedAt: Date) {
        self.origin = origin
        self.name = name
        self.role = role
        self.document = document
        self.settings = settings
        self.certificate = certificate
        self.updatedAt = Date(unixSeconds: updatedAt.unixSeconds)
    }

}

/// The registry's documents, shared by all nodes, with a version that every change raises so a
/// node notices by reading one row.
public protocol MetadataDocumentStore: Sendable {
    /// Every document, ordered by origin (imports, then sources) and name.
    func list() async throws -> [MetadataDocumentRecord]

    /// Adds or replaces the document of `record.origin` and `record.name`.
    func save(_ record: MetadataDocumentRecord) async throws

    /// Removes a document. Returns whether it existed.
    @discardableResult
    func delete(origin: MetadataDocumentRecord.Origin, name: String) async throws -> Bool

    /// Raised by every change; a node reloads when it differs from the one it built from.
    func version() async throws -> Int64
}
