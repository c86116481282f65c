import Foundation

/// The content of `keys/keyset.json`: which key files exist, for which purpose, and where each
/// is in its rotation. The manifest is the commit point of every change: key files are written
/// before it and deleted after it, so it never names a file that does not exist.
struct KeyManifest: Codable, Equatable {
    static let fileName = "keyset.json"
    static let currentVersion = 1

    var version: Int
    var keys: [KeyEntry]

    static let empty = KeyManifest(version: currentVersion, keys: [])

    func keys(for purpose: KeyPurpose, in state: KeyState) -> [KeyEntry] {
        keys.filter { $0.purpose == purpose && $0.state == state }
    }

    static func decode(_ data: Data, path: String) throws -> KeyManifest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let manifest: KeyManifest
        do {
            manifest = try decoder.decode(KeyManifest.self, from: data)
        } catch {
            throw KeyStoreError(.manifestCorrupt, path: path, "not a valid key manifest: \(error)")
        }
        if let problem = manifest.inconsistency() {
            throw KeyStoreError(.manifestCorrupt, path: path, problem)
        }
        return manifest
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The first rule the manifest breaks, if any. File names must be exactly the ones derived
    /// from purpose and kid, which also keeps an edited manifest from pointing outside the
    /// key directory.
    func inconsistency() -> String? {
        guard version == Self.currentVersion else { return "unsupported version \(version)" }
        guard Set(keys.map(\.kid)).count == keys.count else { return "duplicate kid" }
        for entry in keys {
            if let problem = Self.inconsistency(of: entry) { return "key \(entry.kid): \(problem)" }
        }
        for purpose in KeyPurpose.allCases where keys.contains(where: { $0.purpose == purpose }) {
            guard self.keys(for: purpose, in: .active).count == 1 else {
                return "\(purpose.rawValue) needs exactly one active key"
            }
            guard self.keys(for: purpose, in: .next).count <= 1 else {
                return "\(purpose.rawValue) has more than one next key"
            }
        }
        return nil
    }

    private static func inconsistency(of entry: KeyEntry) -> String? {
        let base64URL = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        guard entry.kid.count == 43, entry.kid.allSatisfy(base64URL.contains) else {
            return "kid is not a SHA-256 JWK thumbprint"
        }
        guard entry.keyFile == entry.purpose.keyFileName(kid: entry.kid),
              entry.certificateFile == entry.purpose.certificateFileName(kid: entry.kid)
        else { return "unexpected file names" }
        let datesMatchState = switch entry.state {
        case .next: entry.activatedAt == nil && entry.retiredAt == nil && entry.keepUntil == nil
        case .active: entry.activatedAt != nil && entry.retiredAt == nil && entry.keepUntil == nil
        case .retired: entry.activatedAt != nil && entry.retiredAt != nil && entry.keepUntil != nil
        }
        return datesMatchState ? nil : "dates do not match state \(entry.state.rawValue)"
    }
}
