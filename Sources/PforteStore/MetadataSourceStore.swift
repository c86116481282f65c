public import Foundation

/// A metadata source by URL (issue #21): a federation's signed aggregate or one entity's
/// metadata, fetched and verified by one node at a time, its last good copy kept as the
/// registry document of origin `url` and the same name.
public struct MetadataSourceRecord: Sendable, Equatable {
    public var url: String
    public var role: MetadataDocumentRecord.Role
    /// PEM of the certificate the document must be signed with.
    public var certificate: String
    /// The operator's settings for the source's entities (YAML, as a settings file); kept
    /// across refreshes.
    public var settings: String
    /// The longest time between two refreshes; the document's `cacheDuration` may shorten it.
    public var refreshSeconds: Int
    /// When a node should fetch it next.
    public var nextRefreshAt: Date
    public var lastSuccessAt: Date?
    /// `validUntil` of the last good copy.
    public var validUntil: Date?
    /// Entities in the last good copy.
    public var entities: Int
    public var lastError: String?

    public init(url: String, role: MetadataDocumentRecord.Role, certificate: String, settings: String = "", refreshSeconds: Int,
                nextRefreshAt: Date, lastSuccessAt: Date? = nil, validUntil: Date? = nil, entities: Int = 0, lastError: String? = nil) {
        self.url = url
        self.role = role
        self.certificate = certificate
        self.settings = settings
        self.refreshSeconds = refreshSeconds
        self.nextRefreshAt = Date(unixSeconds: nextRefreshAt.unixSeconds)
        self.lastSuccessAt = lastSuccessAt.map { Date(unixSeconds: $0.unixSeconds) }
        self.validUntil = validUntil.map { Date(unixSeconds: $0.unixSeconds) }
        self.entities = entities
        self.lastError = lastError
    }
}

/// The metadata sources, shared by all nodes. A due source is leased to one node, so one
/// fetch per refresh reaches the federation whatever the number of nodes.
public protocol MetadataSourceStore: Sendable {
    /// Adds a source, or replaces the one of the same URL (its last good copy stays until the
    /// next refresh replaces it).
    func save(_ source: MetadataSourceRecord) async throws

    /// Every source, by URL.
    func list() async throws -> [MetadataSourceRecord]

    /// Removes a source and its last good copy. Returns whether it existed.
    @discardableResult
    func delete(url: String) async throws -> Bool

    /// Leases the sources due at `now` to `holder` until `leaseEnd`: no other node gets them
    /// before the lease ends or the holder reports.
    func claimDue(holder: String, now: Date, leaseEnd: Date) async throws -> [MetadataSourceRecord]

    /// A verified copy: stores it as the source's document (raising the registry version)
    /// and the source's new state, and ends the lease. Nothing is written when `holder` no
    /// longer holds the lease.
    func recordSuccess(_ source: MetadataSourceRecord, document: MetadataDocumentRecord, holder: String) async throws

    /// A failed refresh: keeps the last good copy, notes the error and the next attempt, and
    /// ends the lease.
    func recordFailure(_ source: MetadataSourceRecord, holder: String) async throws
}
