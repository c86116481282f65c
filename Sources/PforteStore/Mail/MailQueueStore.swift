public import Foundation

/// Where a queued message stands.
public enum MailState: String, Sendable, CaseIterable {
    /// Waiting for its next attempt (the first, or a retry after a transient failure).
    case queued
    /// Accepted by the transport; its sealed content is erased.
    case sent
    /// Given up: refused permanently, or still undelivered after the configured time. Kept
    /// with its content so that an operator can retry it.
    case failed
}

/// A message to put into the queue. Its content is opaque to the store and sealed by the
/// caller: it holds links that are credentials and addresses that are personal data, which a
/// copy of the database alone must not reveal.
public struct OutgoingMail: Sendable, Equatable {
    public var id: String
    public var sealedContent: Data
    /// When it is queued, and due for its first attempt.
    public var queuedAt: Date
    /// The node that queued it and sends it first (``MailQueueStore/claim(limit:now:lease:node:handover:)``).
    public var origin: String

    public init(id: String, sealedContent: Data, queuedAt: Date, origin: String) {
        self.id = id
        self.sealedContent = sealedContent
        self.queuedAt = queuedAt
        self.origin = origin
    }
}

/// A message in the queue, as stored.
public struct QueuedMail: Sendable, Equatable {
    public var id: String
    /// `nil` once the message is sent.
    public var sealedContent: Data?
    public var state: MailState
    /// Attempts started so far, counted when an attempt claims the message.
    public var attempts: Int
    public var createdAt: Date
    public var nextAttemptAt: Date
    /// The transport's last refusal, for the operator.
    public var lastError: String?
    /// When the message was sent or given up.
    public var finishedAt: Date?

    public init(id: String, sealedContent: Data?, state: MailState, attempts: Int, createdAt: Date, nextAttemptAt: Date,
                lastError: String?, finishedAt: Date?) {
        self.id = id
        self.sealedContent = sealedContent
        self.state = state
        self.attempts = attempts
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.finishedAt = finishedAt
    }
}

/// How many messages are in each state, and how long the oldest queued one has waited: the
/// metrics an operator alerts on.
public struct MailQueueStatistics: Sendable, Equatable {
    public var queued: Int
    public var sent: Int
    public var failed: Int
    public var oldestQueuedAt: Date?

    public init(queued: Int, sent: Int, failed: Int, oldestQueuedAt: Date?) {
        self.queued = queued
        self.sent = sent
        self.failed = failed
        self.oldestQueuedAt = oldestQueuedAt
    }
}

/// The durable outbox (issue #18): every message is written to the store, in the same
/// transaction as the change that causes it where there is one (``MailTokenStore`` takes the
/// mail of its link), and delivered later by a sender that any node may run.
///
/// A request therefore never waits on the mail relay nor learns whether it accepted anything,
/// so neither time nor an error page tells whether an address has an account; a relay that is
/// down delays mail instead of losing it.
///
/// Each message is claimed by one sender at a time: a claim hides it from other senders for a
/// lease, so two nodes never send it at once. A sender that dies after handing a message to the
/// relay but before ``markSent(id:now:)`` leaves it to be sent again after the lease — SMTP
/// offers no way to make delivery and the store's write one step, and a duplicate notice is
/// the lesser harm than a lost link.
public protocol MailQueueStore: Sendable {
    /// Queues messages on their own, for mail that no stored change causes (a notice to an
    /// address that has no account).
    func enqueue(_ mails: [OutgoingMail]) async throws

    /// Claims up to `limit` queued messages that are due at `now`, oldest first, counting one
    /// attempt each; no other claim returns them until `lease` has passed. PostgreSQL skips
    /// rows another node is claiming (`FOR UPDATE SKIP LOCKED`); SQLite has one writer.
    ///
    /// A message is the business of the node that queued it (`node`, its ``OutgoingMail/origin``)
    /// until `handover` seconds after it was queued; then any node takes it, should its origin
    /// have died. The node that took the request sends its mail, at once and with its own
    /// transport settings.
    func claim(limit: Int, now: Date, lease: TimeInterval, node: String, handover: TimeInterval) async throws -> [QueuedMail]

    /// Records the delivery and erases the content, which held the links.
    func markSent(id: String, now: Date) async throws

    /// Deletes a row whose work is done without a delivery: a request that the sender turned
    /// into the message it causes.
    func remove(id: String) async throws

    /// Records a failed attempt: the message waits until `retryAt`, or is given up (`nil`).
    func markFailed(id: String, error: String, retryAt: Date?, now: Date) async throws

    /// Messages in `state` (all when `nil`), oldest first.
    func list(state: MailState?, limit: Int) async throws -> [QueuedMail]

    /// Makes a failed or waiting message due at `now` again, or every such message when `id` is
    /// `nil`; returns how many. Sent messages have no content left and stay sent.
    @discardableResult
    func retry(id: String?, now: Date) async throws -> Int

    func statistics() async throws -> MailQueueStatistics

    /// Deletes sent and failed messages finished before `cutoff`; returns how many.
    func purge(finishedBefore cutoff: Date) async throws -> Int
}
