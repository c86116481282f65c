import Foundation
import PforteMail
public import PforteStore

/// Delivers the outbox: claims due messages, opens them and hands them to the transport (the
/// relay or the development `.eml` directory), then records the outcome. Every node may run
/// one; the store's claim keeps two from sending one message at once (``MailQueueStore``).
public struct MailDispatcher: Sendable {
    /// What one round did.
    public struct Report: Sendable, Equatable {
        public var sent = 0
        /// Failed this time, to be tried again later.
        public var deferred = 0
        /// Given up: refused for good, unreadable, or failing for longer than the policy allows.
        public var givenUp = 0
        /// One line per failure: the message id and the transport's reason.
        public var failures: [String] = []

        public init() {}
    }

    /// A message as the operator sees it (`pforte mail queue`): the recipients and subject are
    /// opened from the sealed content while it exists.
    public struct Entry: Sendable {
        public let mail: QueuedMail
        public let recipients: [String]
        public let subject: String?
    }

    /// Longer than any SMTP session can last (its stage timeouts), so a lease never runs out
    /// while its holder is still sending.
    static let claimLease: TimeInterval = 5 * 60
    /// How long a message waits for the node that queued it before any node takes it: that
    /// node sends it at its next poll, unless it died meanwhile.
    static let handover: TimeInterval = 30

    let queue: MailQueue
    let transport: any Outbox
    let policy: MailDeliveryPolicy
    let now: @Sendable () -> Date
    /// Turns a queued "forgot password" request into its mail (a reset link, or the notice
    /// that the address has no account), queued with the link's token in one transaction.
    let resetRequests: @Sendable (_ address: String, _ language: MailLanguage) async throws -> Void

    /// Sends what is due, and works out the mail of queued requests; `limit` rows at most.
    public func deliverDue(limit: Int = 25) async throws -> Report {
        var report = Report()
        let due = try await queue.store.claim(limit: limit, now: now(), lease: Self.claimLease, node: queue.node, handover: Self.handover)
        for mail in due {
            do {
                switch try queue.content(of: mail) {
                case .message(let message):
                    try await transport.send(message)
                    try await queue.store.markSent(id: mail.id, now: now())
                    report.sent += 1
                case .passwordResetRequest(let address, let language):
                    try await resetRequests(address, language)
                    try await queue.store.remove(id: mail.id)
                }
            } catch {
                let retryAt = Self.isWorthRetrying(error)
                    ? policy.retryAt(afterAttempt: mail.attempts, createdAt: mail.createdAt, now: now()) : nil
                try await queue.store.markFailed(id: mail.id, error: "\(error)", retryAt: retryAt, now: now())
                if retryAt == nil { report.givenUp += 1 } else { report.deferred += 1 }
                report.failures.append("\(mail.id): \(error)")
            }
        }
        return report
    }

    /// The messages in `state` (all when `nil`), oldest first.
    public func entries(state: MailState?, limit: Int) async throws -> [Entry] {
        try await queue.store.list(state: state, limit: limit).map { mail in
            switch try? queue.content(of: mail) {
            case .message(let message): Entry(mail: mail, recipients: message.to.map(\.address), subject: message.subject)
            case .passwordResetRequest(let address, _): Entry(mail: mail, recipients: [address], subject: "(password reset request)")
            case nil: Entry(mail: mail, recipients: [], subject: nil)
            }
        }
    }

    /// Makes a waiting or failed message due now (every such message when `id` is `nil`).
    @discardableResult
    public func retry(id: String?) async throws -> Int {
        try await queue.store.retry(id: id, now: now())
    }

    public func statistics() async throws -> MailQueueStatistics {
        try await queue.store.statistics()
    }

    /// A relay's refusal for good (5yz) and a message that does not open stay refused however
    /// often they are tried; anything else — a relay that is down, a TLS or configuration
    /// problem the operator can fix — may pass later.
    private static func isWorthRetrying(_ error: any Error) -> Bool {
        if let smtp = error as? SMTPError { return !smtp.isPermanent }
        return !(error is MailQueueError)
    }
}
