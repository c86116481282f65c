import Foundation
import PforteCrypto
import PforteMail
import PforteStore

/// What happens right after a message is queued.
public enum MailDelivery: Sendable {
    /// Nothing: a background sender (``MailDispatcher``, run by the server on every node)
    /// picks it up. The server's setting, so that no request waits on the relay.
    case background
    /// This process tries at once and leaves what fails queued: for the command line, which
    /// runs no background sender, and for tests that read what was sent.
    case immediate
}

/// The account flows' side of the durable outbox: messages become sealed rows of the
/// ``PforteStore/MailQueueStore``, written with the change that causes them where there is one.
struct MailQueue: Sendable {
    let store: any MailQueueStore
    let keys: InstallationKeys
    /// This process among the nodes: it sends what it queued (``MailDispatcher``).
    let node: String
    /// Runs after every queueing; see ``MailDelivery``.
    let afterQueueing: @Sendable () async -> Void

    /// A message as an outbox row: encoded, sealed under the installation key and bound to a
    /// fresh random id.
    func outgoing(_ message: MailMessage, now: Date) throws -> OutgoingMail {
        try outgoing(.message(message), now: now)
    }

    func outgoing(_ content: QueuedContent, now: Date) throws -> OutgoingMail {
        let id = RandomToken.make()
        return OutgoingMail(id: id, sealedContent: try keys.sealMail(try JSONEncoder().encode(content), id: id), queuedAt: now,
                            origin: node)
    }

    /// Messages as outbox rows, for the store of the change that causes them.
    func outgoing(_ messages: [MailMessage], now: Date) throws -> [OutgoingMail] {
        try messages.map { try outgoing($0, now: now) }
    }

    /// Runs `change`, a store write that queues the rows of `messages` in its own transaction,
    /// and then lets them go (``afterQueueing``): the one way a change and its mail are written.
    @discardableResult
    func queueing<Result>(_ messages: [MailMessage], now: Date,
                          with change: ([OutgoingMail]) async throws -> Result) async throws -> Result {
        let result = try await change(try outgoing(messages, now: now))
        await afterQueueing()
        return result
    }

    /// What a row holds; throws when it does not open (another installation's key) or does
    /// not decode into a valid message or request.
    func content(of mail: QueuedMail) throws(MailQueueError) -> QueuedContent {
        guard let sealed = mail.sealedContent else { throw .contentErased }
        do {
            return try JSONDecoder().decode(QueuedContent.self, from: try keys.openMail(sealed, id: mail.id))
        } catch {
            throw .unreadable("\(error)")
        }
    }

    /// Queues messages that no stored change causes.
    func send(_ messages: [MailMessage], now: Date) async throws {
        try await enqueue(messages.map(QueuedContent.message), now: now)
    }

    func enqueue(_ contents: [QueuedContent], now: Date) async throws {
        try await store.enqueue(try contents.map { try outgoing($0, now: now) })
        await afterQueueing()
    }
}

/// Why a queued message cannot be delivered at all.
enum MailQueueError: Error, CustomStringConvertible {
    /// It was sent; only its record is left.
    case contentErased
    /// Sealed under another installation's key, or not a valid message once opened.
    case unreadable(String)

    var description: String {
        switch self {
        case .contentErased: "the message was sent and its content erased"
        case .unreadable(let reason): "the stored message does not open: \(reason)"
        }
    }
}
