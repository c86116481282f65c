import Crypto
import Foundation
import Testing

@testable import PforteCrypto

@Suite struct InstallationSecretTests {
    private func withDirectory(_ body: (KeyDirectory) throws -> Void) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-secret-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        try body(KeyDirectory(url: url))
    }

    @Test func isCreatedOnceWithMode0600AndThenReused() throws {
        try withDirectory { directory in
            let first = try directory.installationSecret()
            let file = directory.url.appendingPathComponent("installation-secret")
            let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let second = try directory.installationSecret()
            #expect(first.key(for: "csrf") == second.key(for: "csrf"))
        }
    }

    @Test func purposesGetIndependentKeys() throws {
        try withDirectory { directory in
            let secret = try directory.installationSecret()
            #expect(secret.key(for: "csrf") != secret.key(for: "secret-question"))
        }
    }

    @Test func aReadableOrCorruptSecretIsRefused() throws {
        try withDirectory { directory in
            _ = try directory.installationSecret()
            let file = directory.url.appendingPathComponent("installation-secret")
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
            let exposed = #expect(throws: KeyStoreError.self) { try directory.installationSecret() }
            #expect(exposed?.code == .insecurePermissions)
            try Data("short".utf8).write(to: file)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
            let corrupt = #expect(throws: KeyStoreError.self) { try directory.installationSecret() }
            #expect(corrupt?.code == .unreadableFile)
        }
    }
}
