import Foundation
import PforteCrypto
import Testing

@Suite struct KeyDirectoryTests {
    static let subject = KeyFixture.subject
    static let start = KeyFixture.created

    static func directory(_ url: URL, at date: Date = start) -> KeyDirectory {
        KeyDirectory(url: url.appendingPathComponent("keys"), now: { date })
    }

    @Test func firstStartGeneratesThreePrivateActiveKeys() throws {
        try withTemporaryDirectory { root in
            let keys = Self.directory(root)
            let entries = try keys.ensureKeys(certificateSubject: Self.subject)

            #expect(entries.map(\.purpose) == KeyPurpose.allCases)
            #expect(entries.allSatisfy { $0.state == .active && $0.createdAt == Self.start && $0.activatedAt == Self.start })
            #expect(try posixMode(keys.url) == 0o700)
            let expectedFiles = Set(["keyset.json", ".keyset.lock"] + entries.map(\.keyFile) + entries.compactMap(\.certificateFile))
            let files = try FileManager.default.contentsOfDirectory(atPath: keys.url.path)
            #expect(Set(files) == expectedFiles)
            #expect(entries.compactMap(\.certificateFile) == ["saml-\(entries[2].kid).cert.pem"])
            for file in files {
                #expect(try posixMode(keys.url.appendingPathComponent(file)) == 0o600, "\(file)")
            }
            #expect(try keys.list() == entries)
        }
    }

    @Test func concurrentFirstStartsGenerateOneKeySet() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-crypto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: root) }
        let keys = Self.directory(root)
        async let first = Task.detached { try keys.ensureKeys(certificateSubject: Self.subject) }.value
        async let second = Task.detached { try keys.ensureKeys(certificateSubject: Self.subject) }.value
        let (a, b) = try await (first, second)
        #expect(a == b)
        let pemFiles = try FileManager.default.contentsOfDirectory(atPath: keys.url.path).filter { $0.hasSuffix(".pem") }
        #expect(pemFiles.count == 4)
    }

    @Test func secondEnsureKeysChangesNothing() throws {
        try withTemporaryDirectory { root in
            let first = try KeyFixture.install(into: root)
            let manifest = root.appendingPathComponent("keys/keyset.json")
            let before = try Data(contentsOf: manifest)
            let later = Self.directory(root, at: Self.start.addingTimeInterval(86_400))
            #expect(try later.ensureKeys(certificateSubject: "other.example") == first)
            #expect(try Data(contentsOf: manifest) == before)
        }
    }

    @Test func twoStepRotationThenPruning() throws {
        try withTemporaryDirectory { root in
            let initial = try KeyFixture.install(into: root)
            let original = try #require(initial.first { $0.purpose == .oidcES256 })
            let hour: TimeInterval = 3600

            let t1 = Self.start.addingTimeInterval(hour)
            let step1 = try Self.directory(root, at: t1).rotate(.oidcES256, keepRetiredFor: 2 * hour, certificateSubject: Self.subject)
            #expect(step1.step == .publishedNext)
            #expect(step1.key.state == .next && step1.key.createdAt == t1 && step1.key.activatedAt == nil)
            #expect(step1.retired == nil && step1.pruned.isEmpty)
            let published = try Self.directory(root, at: t1).loadKeySet()
            #expect(published.oidcES256.active.entry.kid == original.kid)
            #expect(published.oidcES256.published.map(\.entry.kid) == [original.kid, step1.key.kid])
            #expect(published.jwks.keys.map(\.kid).contains(step1.key.kid))

            let t2 = Self.start.addingTimeInterval(2 * hour)
            let step2 = try Self.directory(root, at: t2).rotate(.oidcES256, keepRetiredFor: 2 * hour, certificateSubject: Self.subject)
            #expect(step2.step == .promotedNext)
            #expect(step2.key.kid == step1.key.kid && step2.key.state == .active && step2.key.activatedAt == t2)
            let retired = try #require(step2.retired)
            #expect(retired.kid == original.kid && retired.state == .retired)
            #expect(retired.retiredAt == t2 && retired.keepUntil == t2.addingTimeInterval(2 * hour))
            let promoted = try Self.directory(root, at: t2).loadKeySet()
            #expect(promoted.oidcES256.active.entry.kid == step1.key.kid)
            #expect(promoted.oidcES256.published.map(\.entry.kid) == [step1.key.kid, original.kid])

            let beforeExpiry = t2.addingTimeInterval(2 * hour - 1)
            let step3 = try Self.directory(root, at: beforeExpiry).rotate(.oidcES256, keepRetiredFor: 2 * hour, certificateSubject: Self.subject)
            #expect(step3.step == .publishedNext && step3.pruned.isEmpty)

            let afterExpiry = t2.addingTimeInterval(2 * hour)
            let step4 = try Self.directory(root, at: afterExpiry).rotate(.oidcES256, keepRetiredFor: 2 * hour, certificateSubject: Self.subject)
            #expect(step4.pruned.map(\.kid) == [original.kid])
            #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("keys/\(original.keyFile)").path))
            let remaining = try Self.directory(root, at: afterExpiry).list()
            #expect(!remaining.contains { $0.kid == original.kid })
            #expect(remaining.filter { $0.purpose == .oidcES256 }.map(\.state) == [.retired, .active])
        }
    }

    @Test func samlRotationKeepsCertificatesWithKeys() throws {
        try withTemporaryDirectory { root in
            try KeyFixture.install(into: root)
            let next = try Self.directory(root).rotate(.saml, keepRetiredFor: 0, certificateSubject: "new.pforte.example").key
            let certificateFile = try #require(next.certificateFile)
            #expect(try posixMode(root.appendingPathComponent("keys/\(certificateFile)")) == 0o600)
            let set = try Self.directory(root).loadKeySet()
            #expect(set.saml.published.map(\.entry.kid).last == next.kid)
            #expect(set.jwks.keys.count == 2, "SAML keys are not in the JWKS")
        }
    }

    @Test func refusesKeyFileReadableByOthers() throws {
        try withTemporaryDirectory { root in
            let entries = try KeyFixture.install(into: root)
            let file = root.appendingPathComponent("keys/\(entries[1].keyFile)")
            try setPosixMode(0o644, file)
            for attempt: () throws -> Void in [
                { try Self.directory(root).ensureKeys(certificateSubject: Self.subject) },
                { _ = try Self.directory(root).loadKeySet() },
            ] {
                #expect {
                    try attempt()
                } throws: { error in
                    let error = error as? KeyStoreError
                    return error?.code == .insecurePermissions && error?.path == file.path
                        && error?.description.contains(entries[1].keyFile) == true
                }
            }
        }
    }

    @Test func refusesCorruptManifestWithoutTouchingKeys() throws {
        try withTemporaryDirectory { root in
            let entries = try KeyFixture.install(into: root)
            let manifest = root.appendingPathComponent("keys/keyset.json")
            try Data("{ \"version\": 1, \"keys\": [".utf8).write(to: manifest)
            try setPosixMode(0o600, manifest)
            #expect { try Self.directory(root).ensureKeys(certificateSubject: Self.subject) } throws: {
                ($0 as? KeyStoreError)?.code == .manifestCorrupt
            }
            let files = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("keys").path)
            #expect(Set(files).isSuperset(of: ["keyset.json"] + entries.map(\.keyFile) + entries.compactMap(\.certificateFile)))
            #expect(!files.contains { $0.hasSuffix(".tmp") })
        }
    }

    @Test func refusesManifestNamingFilesOutsideItsRules() throws {
        try withTemporaryDirectory { root in
            try KeyFixture.install(into: root)
            let manifest = root.appendingPathComponent("keys/keyset.json")
            let text = try String(contentsOf: manifest, encoding: .utf8)
            let tampered = text.replacingOccurrences(of: "\"oidc-es256-", with: "\"../oidc-es256-")
            #expect(tampered != text)
            try Data(tampered.utf8).write(to: manifest)
            #expect { _ = try Self.directory(root).loadKeySet() } throws: {
                ($0 as? KeyStoreError)?.code == .manifestCorrupt
            }
        }
    }

    @Test func refusesMissingManifestWhenKeyFilesExist() throws {
        try withTemporaryDirectory { root in
            try KeyFixture.install(into: root)
            try FileManager.default.removeItem(at: root.appendingPathComponent("keys/keyset.json"))
            #expect { try Self.directory(root).ensureKeys(certificateSubject: Self.subject) } throws: {
                ($0 as? KeyStoreError)?.code == .manifestMissing
            }
        }
    }

    @Test func refusesKeyFileHoldingAnotherKey() throws {
        try withTemporaryDirectory { root in
            let entries = try KeyFixture.install(into: root)
            let keys = root.appendingPathComponent("keys")
            let rs256 = keys.appendingPathComponent(entries[1].keyFile)
            try FileManager.default.removeItem(at: rs256)
            try FileManager.default.copyItem(at: keys.appendingPathComponent(entries[2].keyFile), to: rs256)
            try setPosixMode(0o600, rs256)
            #expect { _ = try Self.directory(root).loadKeySet() } throws: {
                ($0 as? KeyStoreError)?.code == .keyMismatch && ($0 as? KeyStoreError)?.path == rs256.path
            }
        }
    }

    @Test func refusesDirectoryWritableByOthers() throws {
        try withTemporaryDirectory { root in
            let keys = root.appendingPathComponent("keys")
            try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: false)
            try setPosixMode(0o777, keys)
            #expect { try Self.directory(root).ensureKeys(certificateSubject: Self.subject) } throws: {
                ($0 as? KeyStoreError)?.code == .directoryUnusable
            }
        }
    }

    @Test func rotateAndLoadNeedActiveKeys() throws {
        try withTemporaryDirectory { root in
            try FileManager.default.createDirectory(at: root.appendingPathComponent("keys"), withIntermediateDirectories: false)
            #expect { try Self.directory(root).rotate(.saml, keepRetiredFor: 60, certificateSubject: Self.subject) } throws: {
                ($0 as? KeyStoreError)?.code == .noActiveKey
            }
            #expect { _ = try Self.directory(root).loadKeySet() } throws: {
                ($0 as? KeyStoreError)?.code == .noActiveKey
            }
            #expect(try Self.directory(root).list().isEmpty)
        }
    }

    @Test(arguments: [-1, TimeInterval.infinity, TimeInterval.nan])
    func rejectsInvalidRetention(keepRetiredFor: TimeInterval) throws {
        try withTemporaryDirectory { root in
            #expect { try Self.directory(root).rotate(.oidcES256, keepRetiredFor: keepRetiredFor, certificateSubject: Self.subject) } throws: {
                ($0 as? KeyStoreError)?.code == .invalidRetention
            }
        }
    }
}
