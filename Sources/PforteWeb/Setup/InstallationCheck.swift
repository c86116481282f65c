import Foundation
import Logging
import PforteCrypto
import PforteStore

/// Why a node refuses to start with its keys: they are incomplete or belong to another
/// installation than the store. `pforte serve` exits with status 2 and this text.
public struct InstallationRefusal: Error, CustomStringConvertible {
    public let description: String
}

/// One installation, one set of keys (issue 16): the store records the fingerprint of the
/// installation secret and the ids of the signing keys at the first start, and every node
/// compares its own with them before it writes anything.
///
/// A node with empty `keys/` on an empty store generates everything (a development start or
/// the first node); a node joining a store that already belongs to an installation must bring
/// that installation's complete `keys/` — generating its own would make it another
/// installation whose sessions, CSRF tokens, pairwise subjects and tokens the others reject.
struct InstallationCheck {
    let keys: KeyDirectory
    let installations: any InstallationStore
    let certificateSubject: String
    let logger: Logger
    let now: @Sendable () -> Date

    /// Checks (and generates, where allowed) the keys; writes nothing to the store.
    func prepare() async throws -> InstallationRecord {
        let recorded = try await installations.find()
        let inventory = try keys.inventory()
        if let recorded, !inventory.isComplete {
            throw InstallationRefusal(description: """
                \(keys.url.path) lacks \(inventory.missing.joined(separator: ", ")), but the store already belongs to installation \
                \(recorded.fingerprint): copy the complete keys directory of a running node (see "Adding a node" in docs/operations.md)
                """)
        }
        if recorded == nil, !inventory.isEmpty, !inventory.isComplete {
            logger.notice("completing the key directory", metadata: ["missing": "\(inventory.missing.joined(separator: ", "))"])
        }
        let (entries, secret) = try keys.ensureComplete(certificateSubject: certificateSubject)
        let ours = InstallationRecord(fingerprint: secret.fingerprint, keyIDs: entries.map(\.kid), recordedAt: now())
        if let recorded { try Self.compare(ours, with: recorded, keys: keys.url.path) }
        return ours
    }

    /// Records the installation at its first start (after migration); a rotated key set
    /// replaces the recorded ids.
    func record(_ ours: InstallationRecord) async throws {
        let inForce = try await installations.claim(ours)
        try Self.compare(ours, with: inForce, keys: keys.url.path)
        if inForce.keyIDs != ours.keyIDs {
            try await installations.updateKeyIDs(ours.keyIDs, fingerprint: ours.fingerprint, at: ours.recordedAt)
            logger.notice("installation key set updated", metadata: ["keys": "\(ours.keyIDs.joined(separator: " "))"])
        }
        logger.info("installation", metadata: ["fingerprint": "\(ours.fingerprint)"])
    }

    /// The same secret, and key sets that share a key: a rotation step keeps the previous
    /// key published, so consecutive key sets always overlap; unrelated ones never do.
    private static func compare(_ ours: InstallationRecord, with recorded: InstallationRecord, keys path: String) throws {
        guard ours.fingerprint == recorded.fingerprint else {
            throw InstallationRefusal(description: """
                the installation secret in \(path) (fingerprint \(ours.fingerprint)) is not the one of the installation this store \
                belongs to (\(recorded.fingerprint)): these keys belong to another installation; copy the keys directory of a running node
                """)
        }
        guard !Set(ours.keyIDs).isDisjoint(with: recorded.keyIDs) else {
            throw InstallationRefusal(description: """
                the signing keys in \(path) (\(ours.keyIDs.joined(separator: " "))) share none with the installation's \
                (\(recorded.keyIDs.joined(separator: " "))): copy the keys directory of a running node
                """)
        }
    }
}
