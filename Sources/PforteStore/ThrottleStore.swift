public import Foundation

/// Failed attempts counted for one (scope, key).
public struct ThrottleState: Sendable, Equatable {
    /// Recent failures; 0 when none, or when `window` has passed since the last one.
    public var failures: Int
    /// The latest failure (until reset or purged), also once its window has passed.
    public var lastFailureAt: Date?

    public init(failures: Int, lastFailureAt: Date?) {
        self.failures = failures
        self.lastFailureAt = lastFailureAt
    }
}

/// Counters of failed attempts — wrong passwords per account and per client address, wrong
/// secret answers — shared by every node, so that spreading guesses over nodes gains nothing.
/// The policy (how long to wait after how many failures) is the caller's.
///
/// The window runs from the last failure, not from the first: failures add up as long as each
/// comes within `window` of the one before, and are all forgotten once `window` has passed
/// since the last — the rule of PforteCore's `ThrottlePolicy.recentFailures`. An attacker who
/// keeps guessing therefore never gets a fresh count, as a fixed window would give them at
/// every boundary; a sliding window would need a row per attempt.
///
/// A `scope` names what is counted (`login.account`, `login.address`, `reset.answer`). A `key`
/// that is personal data — a client address — must be passed as a keyed hash (like the eID
/// pseudonym, design §5), never in clear: the store keeps keys as given.
public protocol ThrottleStore: Sendable {
    /// Counts one failure at `now`, atomically across nodes, and returns the new state.
    @discardableResult
    func recordFailure(scope: String, key: String, now: Date, window: TimeInterval) async throws -> ThrottleState

    func state(scope: String, key: String, now: Date, window: TimeInterval) async throws -> ThrottleState

    /// Forgets the counter, e.g. after a successful login.
    func reset(scope: String, key: String) async throws

    /// Forgets counters whose last failure is before `cutoff`; returns how many. The cutoff must
    /// lie further back than the longest window of any scope.
    func purge(olderThan cutoff: Date) async throws -> Int
}
