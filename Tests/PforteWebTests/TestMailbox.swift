import Foundation
import PforteAccounts
import Synchronization
import Testing

/// What the test reads besides the pages: the mail the application queued, delivered into
/// the development outbox by a second node's sender (the application's own does not run in
/// router tests), which takes it after the handover time.
final class TestMailbox: Sendable {
    private let state = Mutex<(services: AccountServices?, directory: String)>((nil, ""))
    let clock: TestClock

    init(clock: TestClock) {
        self.clock = clock
    }

    func use(_ services: AccountServices) { state.withLock { $0.services = services } }
    func place(_ directory: String) { state.withLock { $0.directory = directory } }

    /// The bodies of every message delivered so far.
    func messages() async throws -> [String] {
        let (services, directory) = state.withLock { ($0.services, $0.directory) }
        clock.advance(by: 30)
        _ = try await #require(services).mailDispatcher.deliverDue()
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return try files.filter { $0.hasSuffix(".eml") }.sorted().map {
            try String(contentsOfFile: directory + "/" + $0, encoding: .utf8)
                .replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=")
        }
    }

    /// The token of the last link to `path` (`/unlock`, `/email-change`) among the delivered mails.
    func token(path: String) async throws -> String {
        var mails = try await messages()
        // A delivery round that found nothing due yet (a loaded machine) is followed by another.
        for _ in 0..<2 where !mails.contains(where: { $0.contains(path + "?token=") }) { mails = try await messages() }
        let mail = try #require(mails.last { $0.contains(path + "?token=") }, "no \(path) link among \(mails)")
        let pattern = try Regex(NSRegularExpression.escapedPattern(for: path) + #"\?token=([A-Za-z0-9_-]{43})"#)
        let match = try #require(mail.firstMatch(of: pattern))
        return String(try #require(match.output[1].substring))
    }
}
