import Foundation
import PforteCrypto
import Testing

/// A fresh directory under the system temporary directory, removed after `body`.
@discardableResult
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-crypto-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url)
}

func posixMode(_ url: URL) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
    return try #require(attributes[.posixPermissions] as? Int)
}

func setPosixMode(_ mode: Int, _ url: URL) throws {
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
}

func base64URLDecoded(_ text: String) throws -> Data {
    var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
    return try #require(Data(base64Encoded: base64))
}

/// One generated key directory, kept in memory and installed afresh for each test that does
/// not test generation itself: RSA-3072 key generation takes seconds in debug builds.
enum KeyFixture {
    static let subject = "idp.pforte.example"
    static let created = Date(timeIntervalSince1970: 1_767_225_600)

    private static let files: Result<[String: Data], any Error> = Result {
        try withTemporaryDirectory { root in
            let keys = KeyDirectory(url: root.appendingPathComponent("keys"), now: { created })
            try keys.ensureKeys(certificateSubject: subject)
            let names = try FileManager.default.contentsOfDirectory(atPath: keys.url.path)
            return try Dictionary(uniqueKeysWithValues: names.map { ($0, try Data(contentsOf: keys.url.appendingPathComponent($0))) })
        }
    }

    /// Writes the fixture to `root/keys` (directory 0700, files 0600) and returns its entries.
    @discardableResult
    static func install(into root: URL) throws -> [KeyEntry] {
        let keys = root.appendingPathComponent("keys")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: false)
        try setPosixMode(0o700, keys)
        for (name, data) in try files.get() {
            let url = keys.appendingPathComponent(name)
            try data.write(to: url)
            try setPosixMode(0o600, url)
        }
        return try KeyDirectory(url: keys).list()
    }
}
