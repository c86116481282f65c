public import Foundation

/// How one counter limits attempts. The store applies it inside a single statement, so that
/// concurrent attempts on any nodes are judged against each other.
public struct ThrottleLimit: Sendable, Equatable {
    /// The wait in whole seconds before the next attempt after `n` counted attempts, by `n`;
    /// the last entry holds for every larger count. Empty: no waits.
    public var delays: [Int64]
    /// Seconds after the last failure after which the count is forgotten; `nil`: only a
    /// success or ``ThrottleStore/reset(scope:key:)`` forgets it.
    public var window: Int64?
    /// No attempt is granted while this many failures are counted; `nil`: no ceiling.
    public var ceiling: Int?

    public init(delays: [Int64], window: Int64?, ceiling: Int?) {
        self.delays = delays
        self.window = window
        self.ceiling = ceiling
    }

    /// The wait after `count` counted attempts.
    public func delay(afterCount count: Int) -> Int64 {
        guard let last = delays.last else { return 0 }
        return count < delays.count ? delays[count] : last
    }
}

/// One counter an attempt is judged by: what it counts (`scope`, a key that is personal data
/// only as a keyed hash), its limit, and whether a success forgets it (a success by the owner
/// resets the owner's counters; a client address's counter only ages out, so that an attacker
/// cannot reset it with an account of their own).
public struct ThrottleCounter: Sendable, Equatable {
    public var scope: String
    public var key: String
    public var limit: ThrottleLimit
    public var forgottenOnSuccess: Bool

    public init(scope: String, key: String, limit: ThrottleLimit, forgottenOnSuccess: Bool) {
        self.scope = scope
        self.key = key
        self.limit = limit
        self.forgottenOnSuccess = forgottenOnSuccess
    }
}

/// The answer to ``ThrottleStore/reserve(_:now:)``.
public enum ThrottleReservation: Sendable, Equatable {
    /// The attempt may be checked; settle it afterwards.
    case granted
    /// Some counter asks for a wait of this many seconds first; nothing was reserved.
    case refused(retryAfter: TimeInterval)
    /// Some counter is at its ceiling; nothing was reserved.
    case ceilingReached
}

/// A counter as stored, for tests and the operator.
public struct ThrottleState: Sendable, Equatable {
    /// Failures counted; 0 when none, or when the window has passed since the last one.
    public var failures: Int
    /// Attempts reserved and not yet settled (a reservation older than
    /// ``ThrottleStore/reservationLifetime`` no longer counts).
    public var pending: Int
    /// The latest failure, also once its window has passed; `nil` when there was none.
    public var lastFailureAt: Date?

    public init(failures: Int, pending: Int, lastFailureAt: Date?) {
        self.failures = failures
        self.pending = pending
        self.lastFailureAt = lastFailureAt
    }
}

/// Counters of attempts at secrets — passwords and secret answers, per account, per client
/// address and per pair of both — shared by every node (issue #18).
///
/// An attempt is **reserved before it is checked** and **settled after**: the reservation is
/// one conditional statement that refuses while a counter asks for a wait or is at its
/// ceiling, and otherwise counts the attempt as pending. A pending attempt counts like a
/// failure for everyone else until it is settled, so attempts sent at the same moment to
/// several nodes are judged one after another, not all against the same old count. A
/// reservation whose node died before settling stops counting after
/// ``reservationLifetime``.
///
/// The window runs from the last failure: failures add up as long as each comes within the
/// window of the one before, and are all forgotten once it has passed since the last — an
/// attacker who keeps guessing never gets a fresh count, as a fixed window would give them at
/// every boundary.
public protocol ThrottleStore: Sendable {
    /// Reserves one attempt on every counter, or on none: a refusal by any counter leaves all
    /// of them as they were.
    func reserve(_ counters: [ThrottleCounter], now: Date) async throws -> ThrottleReservation

    /// Settles a granted reservation: a failure is counted on every counter; a success
    /// forgets the counters that are ``ThrottleCounter/forgottenOnSuccess`` and only releases
    /// the others. Returns the failures counted afterwards, by scope.
    @discardableResult
    func settle(_ counters: [ThrottleCounter], failed: Bool, now: Date) async throws -> [String: Int]

    func state(scope: String, key: String, now: Date, window: Int64?) async throws -> ThrottleState

    /// Forgets the counter: an unlock link, an eID login, a completed reset.
    func reset(scope: String, key: String) async throws

    /// Forgets counters whose last failure and last reservation are before `cutoff`, except
    /// those of `keptScopes` (ceilings, which only a success or reset forgets); returns how
    /// many. The cutoff must lie further back than the longest window.
    func purge(olderThan cutoff: Date, keeping keptScopes: Set<String>) async throws -> Int
}

extension ThrottleStore {
    /// How long a reservation counts without being settled: far longer than any check takes
    /// (an Argon2id hash, well under a second), short enough that a node that died mid-check
    /// does not hold an owner up for long.
    public static var reservationLifetime: Int64 { 60 }
}
