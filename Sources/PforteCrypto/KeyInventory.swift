import Foundation

/// What of a node's keys is there before anything is generated: a node that joins an
/// installation must bring all of them, or it would silently become an installation of its own.
public struct KeyInventory: Sendable, Equatable {
    /// Nothing at all: no manifest, no key files, no installation secret.
    public let isEmpty: Bool
    /// The files and keys a complete directory would have but this one lacks, in words.
    public let missing: [String]

    public var isComplete: Bool { missing.isEmpty }
}

extension KeyDirectory {
    /// Takes stock of the directory without writing to it (a missing directory is empty).
    public func inventory() throws -> KeyInventory {
        let secretPresent = SecureFileIO.fileExists(url.appendingPathComponent(InstallationSecret.fileName))
        let entries = try list()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        var missing: [String] = []
        if !secretPresent { missing.append(InstallationSecret.fileName) }
        if entries.isEmpty { missing.append(KeyManifest.fileName) }
        for purpose in KeyPurpose.allCases where !entries.contains(where: { $0.purpose == purpose && $0.state == .active }) {
            missing.append("an active \(purpose.rawValue) key")
        }
        let isEmpty = !secretPresent && entries.isEmpty && !names.contains { $0.hasSuffix(".pem") }
        return KeyInventory(isEmpty: isEmpty, missing: missing)
    }

    /// Everything a node needs: the signing keys and the installation secret. Idempotent.
    @discardableResult
    public func ensureComplete(certificateSubject: String) throws -> (keys: [KeyEntry], secret: InstallationSecret) {
        let keys = try ensureKeys(certificateSubject: certificateSubject)
        return (keys, try installationSecret())
    }
}
