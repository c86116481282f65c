import Foundation
import Testing

@testable import PforteMail

@Suite struct FileOutboxTests {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        return url
    }

    private func permissions(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    private func message() throws -> MailMessage {
        try MailMessage(
            from: MailAddress("noreply@konto.example"),
            to: [MailAddress("erika@example.de")],
            subject: "Passwort zurücksetzen",
            body: "Grüße"
        )
    }

    @Test func writesOneEMLFilePerMessageWithPrivatePermissions() async throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = root.appendingPathComponent("data/outbox")
        let outbox = FileOutbox(directory: directory, renderer: try MessageRenderer(messageIDDomain: "konto.example"))

        try await outbox.send(message())
        try await outbox.send(message())

        #expect(try permissions(directory) == 0o700)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names.count == 2)
        for name in names {
            #expect(name.wholeMatch(of: /\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{12}\.eml/) != nil)
            let file = directory.appendingPathComponent(name)
            #expect(try permissions(file) == 0o600)
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(text.contains("Subject: =?UTF-8?Q?Passwort_zur=C3=BCcksetzen?=\r\n"))
            #expect(text.hasSuffix("\r\n\r\nGr=C3=BC=C3=9Fe\r\n"))
        }
    }

    @Test func storedBytesAreTheRenderedMessage() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let renderer = try MessageRenderer(messageIDDomain: "konto.example")
        let rendered = renderer.render(try message())

        let file = try FileOutbox(directory: directory, renderer: renderer).store(rendered)

        #expect(try Array(Data(contentsOf: file)) == rendered.bytes)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == [file.lastPathComponent])
    }

    @Test func keepsAnExistingDirectoryAsItIs() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.setAttributes([.posixPermissions: 0o750], ofItemAtPath: directory.path)
        let renderer = try MessageRenderer(messageIDDomain: "konto.example")

        _ = try FileOutbox(directory: directory, renderer: renderer).store(renderer.render(try message()))

        #expect(try permissions(directory) == 0o750)
    }

    @Test func reportsAnUnwritableDirectory() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let blocker = root.appendingPathComponent("file")
        try Data().write(to: blocker)
        let renderer = try MessageRenderer(messageIDDomain: "konto.example")
        let outbox = FileOutbox(directory: blocker.appendingPathComponent("outbox"), renderer: renderer)

        #expect {
            _ = try outbox.store(renderer.render(try message()))
        } throws: { error in
            (error as? FileOutboxError)?.code == .createDirectory
        }
    }
}
