public import Foundation

/// The signing keys in `keys/`: generated on first start, rotated by the operator, loaded by
/// every node.
///
/// Layout: `keyset.json` (the manifest, see ``KeyEntry``) and per key `<purpose>-<kid>.key.pem`
/// (PKCS #8), plus `saml-<kid>.cert.pem` for SAML keys. Every file is mode `0600` and written
/// atomically; the directory is created `0700`. Files that group or others can access, files
/// that do not hold the key the manifest names, a corrupt manifest, and key files without a
/// manifest are refused with a ``KeyStoreError``: an operator's keys are never silently
/// replaced.
///
/// Rotation is two-step, so that no verifier ever meets a `kid` it has not seen:
/// 1. `rotate` generates a `next` key. It is published (JWKS, SAML metadata) but does not sign.
///    Wait until every cache of the old publication has expired (JWKS cache lifetime, SAML
///    metadata `cacheDuration`/`validUntil`).
/// 2. `rotate` again promotes `next` to `active` and retires the old key. The retired key stays
///    published, and can still decrypt, for `keepRetiredFor`, which must cover the lifetime of
///    everything it signed (ID and access tokens, assertions) and SPs still encrypting to it.
/// Every rotation also deletes retired keys whose `keepUntil` has passed.
///
/// All methods do synchronous file I/O (and key generation); call them at startup or from the
/// CLI, not on the event loop. Changes are serialised across processes with `flock` on
/// `.keyset.lock`; reading needs no lock (every file is replaced atomically) and works on a
/// read-only volume.
public struct KeyDirectory: Sendable {
    public let url: URL
    private let now: @Sendable () -> Date

    /// - Parameter now: the clock for manifest timestamps and pruning, injectable for tests.
    public init(url: URL, now: @escaping @Sendable () -> Date = { Date() }) {
        self.url = url
        self.now = now
    }

    /// Generates an active key for every purpose that has none yet, after checking that all
    /// existing files are private and hold the keys the manifest names. Idempotent.
    ///
    /// - Parameter certificateSubject: common name of a new SAML certificate, such as the host
    ///   of our entity ID (at most 64 characters).
    /// - Returns: all manifest entries afterwards.
    @discardableResult
    public func ensureKeys(certificateSubject: String) throws -> [KeyEntry] {
        try SecureFileIO.prepareDirectory(url, create: true)
        let current = try readVerifiedManifest()
        guard !missingPurposes(in: current).isEmpty else { return current.keys }
        return try SecureFileIO.withExclusiveLock(file: lockURL) {
            var manifest = try readVerifiedManifest()
            let missing = missingPurposes(in: manifest)
            guard !missing.isEmpty else { return manifest.keys }
            let stamp = timestamp()
            let generated = try missing.map { try GeneratedKey($0, certificateSubject: certificateSubject, now: stamp) }
            for (purpose, key) in zip(missing, generated) {
                manifest.keys.append(try store(key, purpose: purpose, state: .active, at: stamp))
            }
            try writeManifest(manifest)
            return manifest.keys
        }
    }

    /// The manifest entries, or none if the directory does not exist yet. Reads only the
    /// manifest; ``loadKeySet()`` checks the key files.
    public func list() throws -> [KeyEntry] {
        guard SecureFileIO.fileExists(url) else { return [] }
        try SecureFileIO.prepareDirectory(url, create: false)
        return try readManifest().keys
    }

    /// One step of the two-step rotation of `purpose` (see the type's documentation), after
    /// removing every retired key whose `keepUntil` has passed.
    ///
    /// - Parameters:
    ///   - keepRetiredFor: how long a key demoted now stays published.
    ///   - certificateSubject: common name for the certificate if a SAML key is generated.
    /// - Throws: ``KeyStoreError`` with code `noActiveKey` if `purpose` has no active key yet.
    ///   If removing a pruned key's files fails, the manifest has already been updated and
    ///   the error names the file left behind.
    @discardableResult
    public func rotate(_ purpose: KeyPurpose, keepRetiredFor: TimeInterval, certificateSubject: String) throws -> KeyRotation {
        guard keepRetiredFor.isFinite, keepRetiredFor >= 0 else {
            throw KeyStoreError(.invalidRetention, "keepRetiredFor must be a non-negative number of seconds")
        }
        try SecureFileIO.prepareDirectory(url, create: false)
        return try SecureFileIO.withExclusiveLock(file: lockURL) {
            var manifest = try readVerifiedManifest()
            let stamp = timestamp()
            let pruned = manifest.keys.filter { $0.state == .retired && $0.keepUntil.map { $0 <= stamp } == true }
            manifest.keys.removeAll { entry in pruned.contains { $0.kid == entry.kid } }
            guard let activeIndex = manifest.keys.firstIndex(where: { $0.purpose == purpose && $0.state == .active }) else {
                throw KeyStoreError(.noActiveKey, path: manifestURL.path, "\(purpose.rawValue) has no active key")
            }
            let rotation: KeyRotation
            if let nextIndex = manifest.keys.firstIndex(where: { $0.purpose == purpose && $0.state == .next }) {
                manifest.keys[nextIndex].state = .active
                manifest.keys[nextIndex].activatedAt = stamp
                manifest.keys[activeIndex].state = .retired
                manifest.keys[activeIndex].retiredAt = stamp
                manifest.keys[activeIndex].keepUntil = stamp.addingTimeInterval(keepRetiredFor.rounded(.up))
                rotation = KeyRotation(
                    step: .promotedNext, key: manifest.keys[nextIndex], retired: manifest.keys[activeIndex], pruned: pruned
                )
            } else {
                let key = try GeneratedKey(purpose, certificateSubject: certificateSubject, now: stamp)
                let entry = try store(key, purpose: purpose, state: .next, at: stamp)
                manifest.keys.append(entry)
                rotation = KeyRotation(step: .publishedNext, key: entry, retired: nil, pruned: pruned)
            }
            try writeManifest(manifest)
            for entry in pruned {
                try SecureFileIO.removeFile(url.appendingPathComponent(entry.keyFile))
                if let certificateFile = entry.certificateFile {
                    try SecureFileIO.removeFile(url.appendingPathComponent(certificateFile))
                }
            }
            return rotation
        }
    }

    /// Loads and verifies every key. Throws `noActiveKey` if a purpose has no active key.
    public func loadKeySet() throws -> LoadedKeySet {
        try SecureFileIO.prepareDirectory(url, create: false)
        let manifest = try readManifest()
        let es256 = try purposeKeys(.oidcES256, of: manifest, load: KeyFileLoading.es256)
        let rs256 = try purposeKeys(.oidcRS256, of: manifest, load: KeyFileLoading.rs256)
        let saml = try purposeKeys(.saml, of: manifest, load: KeyFileLoading.saml)
        let jwks = try es256.published.map { JWK(publicKey: $0.material.publicKey) }
            + rs256.published.map { try JWK(publicKey: $0.material.publicKey) }
        return LoadedKeySet(oidcES256: es256, oidcRS256: rs256, saml: saml, jwks: JWKSet(keys: jwks))
    }

    private var manifestURL: URL { url.appendingPathComponent(KeyManifest.fileName) }

    var lockURL: URL { url.appendingPathComponent(".keyset.lock") }

    private func missingPurposes(in manifest: KeyManifest) -> [KeyPurpose] {
        KeyPurpose.allCases.filter { manifest.keys(for: $0, in: .active).isEmpty }
    }

    /// Whole seconds, the precision of the manifest's ISO 8601 dates.
    private func timestamp() -> Date {
        Date(timeIntervalSince1970: now().timeIntervalSince1970.rounded(.down))
    }

    private func readManifest() throws -> KeyManifest {
        guard SecureFileIO.fileExists(manifestURL) else {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            if names.contains(where: { $0.hasSuffix(".key.pem") }) {
                throw KeyStoreError(
                    .manifestMissing, path: manifestURL.path,
                    "missing although key files exist; restore it or move the key files away"
                )
            }
            return .empty
        }
        return try KeyManifest.decode(SecureFileIO.readPrivateFile(manifestURL), path: manifestURL.path)
    }

    private func writeManifest(_ manifest: KeyManifest) throws {
        try SecureFileIO.writePrivateFile(manifest.encoded(), to: manifestURL)
    }

    /// The manifest, after checking that every file it names is private and holds its key.
    private func readVerifiedManifest() throws -> KeyManifest {
        let manifest = try readManifest()
        for entry in manifest.keys {
            switch entry.purpose {
            case .oidcES256: _ = try KeyFileLoading.es256(entry, in: url)
            case .oidcRS256: _ = try KeyFileLoading.rs256(entry, in: url)
            case .saml: _ = try KeyFileLoading.saml(entry, in: url)
            }
        }
        return manifest
    }

    private func store(_ key: GeneratedKey, purpose: KeyPurpose, state: KeyState, at stamp: Date) throws -> KeyEntry {
        let keyFile = purpose.keyFileName(kid: key.kid)
        let certificateFile = purpose.certificateFileName(kid: key.kid)
        try SecureFileIO.writePrivateFile(Data(key.privateKeyPEM.utf8), to: url.appendingPathComponent(keyFile))
        if let certificateFile, let certificatePEM = key.certificatePEM {
            try SecureFileIO.writePrivateFile(Data(certificatePEM.utf8), to: url.appendingPathComponent(certificateFile))
        }
        return KeyEntry(
            kid: key.kid, purpose: purpose, state: state, createdAt: stamp,
            activatedAt: state == .active ? stamp : nil, retiredAt: nil, keepUntil: nil,
            keyFile: keyFile, certificateFile: certificateFile
        )
    }

    private func purposeKeys<Material>(
        _ purpose: KeyPurpose,
        of manifest: KeyManifest,
        load: (KeyEntry, URL) throws -> LoadedKey<Material>
    ) throws -> PurposeKeys<Material> {
        let entries = [KeyState.active, .next, .retired].flatMap { manifest.keys(for: purpose, in: $0) }
        guard let first = entries.first, first.state == .active else {
            throw KeyStoreError(.noActiveKey, path: manifestURL.path, "\(purpose.rawValue) has no active key")
        }
        let loaded = try entries.map { try load($0, url) }
        return PurposeKeys(active: loaded[0], published: loaded)
    }
}
