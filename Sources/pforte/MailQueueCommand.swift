import ArgumentParser
import Foundation
import PforteAccounts
import PforteStore
import PforteWeb

extension Mail {
    struct Queue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the mail outbox, or make waiting and failed messages due now.",
            discussion: """
                Every mail is queued in the store and sent by the servers in the background. This
                lists what waits, what was given up and what was sent (recipients and subject of
                a sent message are erased with its content). --retry ID or --retry-all make
                messages due at once; a running server sends them within a second.
                """
        )

        @OptionGroup var options: ConfigOptions
        @Option(help: "Only messages in this state: queued, sent or failed.", transform: { text in
            guard let state = MailState(rawValue: text) else { throw ValidationError("state must be queued, sent or failed") }
            return state
        })
        var state: MailState?
        @Option(help: "At most this many messages.") var limit = 100
        @Option(help: "Make this queued or failed message due now.") var retry: String?
        @Flag(help: "Make every queued or failed message due now.") var retryAll = false

        func run() async throws {
            try await Accounts.withServices(options) { services in
                let dispatcher = services.mailDispatcher
                if retry != nil || retryAll {
                    let count = try await dispatcher.retry(id: retryAll ? nil : retry)
                    guard count > 0 || retryAll else { throw fail("no queued or failed message \(retry ?? "")") }
                    print("\(count) message(s) due now")
                    return
                }
                let statistics = try await dispatcher.statistics()
                print("queued \(statistics.queued), failed \(statistics.failed), sent \(statistics.sent)")
                for entry in try await dispatcher.entries(state: state, limit: limit) {
                    print(Self.describe(entry))
                }
            }
        }

        static func describe(_ entry: MailDispatcher.Entry) -> String {
            let mail = entry.mail
            var line = "\(mail.id)  \(mail.state.rawValue)  attempts \(mail.attempts)  queued \(mail.createdAt.formatted(.iso8601))"
            switch mail.state {
            case .queued: line += "  next \(mail.nextAttemptAt.formatted(.iso8601))"
            case .sent, .failed: line += "  finished \(mail.finishedAt?.formatted(.iso8601) ?? "-")"
            }
            if !entry.recipients.isEmpty { line += "\n    to \(entry.recipients.joined(separator: ", ")): \(entry.subject ?? "")" }
            if let error = mail.lastError { line += "\n    last error: \(error)" }
            return line
        }
    }
}
