public import Foundation

/// What the store knows of the installation it belongs to: a fingerprint of the installation
/// secret (never the secret) and the ids of the signing keys, recorded by the first node that
/// starts on it. Every node compares its own keys with it at start.
public struct InstallationRecord: Sendable, Equatable {
    public let fingerprint: String
    /// RFC 7638 thumbprints of every published key, sorted.
    public let keyIDs: [String]
    public let recordedAt: Date

    public init(fingerprint: String, keyIDs: [String], recordedAt: Date) {
        self.fingerprint = fingerprint
        self.keyIDs = keyIDs.sorted()
        self.recordedAt = recordedAt
    }
}

/// The one installation record of a store.
public protocol InstallationStore: Sendable {
    /// The record, or nil for a store no node has started on yet — also before the first
    /// migration, so a node can check its keys before it writes anything.
    func find() async throws -> InstallationRecord?

    /// Records `record` unless a record exists, and returns the one in force: when two nodes
    /// start at once on an empty store, exactly one of them decides.
    func claim(_ record: InstallationRecord) async throws -> InstallationRecord

    /// Replaces the key ids after a rotation (same installation, another key set).
    func updateKeyIDs(_ keyIDs: [String], fingerprint: String, at: Date) async throws
}
