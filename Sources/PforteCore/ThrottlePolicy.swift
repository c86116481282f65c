public import Foundation

/// Growing delays after failed password or secret-answer attempts (design §4 and issue #18),
/// applied to an account from one client address, and to a client address across accounts.
///
/// A refused attempt is not checked and not counted. A successful login resets the count of
/// its account from that address; a client address's count only ages out, so an attacker
/// cannot reset it with an account of their own.
///
/// Defaults, and why:
/// - the first 3 failures cost nothing: typos should not slow anyone down;
/// - then 1 s, 2 s, 4 s … doubling per failure, capped at 15 minutes: a guesser gets 14
///   attempts in the first 17 minutes, then one per 15 minutes, about 100 a day;
/// - failures are forgotten 24 hours after the last one. A short window would undo the cap:
///   with 1 hour, pausing for an hour buys 14 fresh fast guesses (about 11 an hour on average);
///   with 15 minutes, waiting out the longest delay would forget everything.
///
/// A client address shared by many people (an office behind one NAT address) collects their
/// typos too; give the per-address policy more free failures rather than a shorter window.
///
/// Nobody waits longer than the cap, and waits never reach the owner from another address;
/// what bounds guessing from many addresses is the account's ceiling of consecutive failures
/// (PforteAccounts' throttle), which the owner lifts by mail or eID.
public struct ThrottlePolicy: Sendable, Equatable {
    /// The defaults described above.
    public static let `default` = ThrottlePolicy(
        checkedFreeFailures: 3, baseDelay: 1, maximumDelay: 15 * 60, window: 24 * 60 * 60
    )

    /// Failures allowed without any delay.
    public let freeFailures: Int
    /// The delay after the first failure beyond the free ones, in seconds; it doubles with each
    /// further failure.
    public let baseDelay: TimeInterval
    /// The longest delay, in seconds.
    public let maximumDelay: TimeInterval
    /// Seconds after the last failure after which all failures are forgotten.
    public let window: TimeInterval

    public init(
        freeFailures: Int, baseDelay: TimeInterval, maximumDelay: TimeInterval, window: TimeInterval
    ) throws(PolicyParameterError) {
        guard freeFailures >= 0 else { throw .freeFailuresNegative }
        guard baseDelay.isFinite, baseDelay > 0 else { throw .baseDelayNotPositive }
        guard maximumDelay.isFinite, maximumDelay >= baseDelay else { throw .maximumDelayBelowBaseDelay }
        guard window.isFinite, window > maximumDelay else { throw .windowNotAboveMaximumDelay }
        self.init(checkedFreeFailures: freeFailures, baseDelay: baseDelay, maximumDelay: maximumDelay, window: window)
    }

    private init(checkedFreeFailures: Int, baseDelay: TimeInterval, maximumDelay: TimeInterval, window: TimeInterval) {
        freeFailures = checkedFreeFailures
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.window = window
    }

    /// The wait, in seconds, after the last of `failures` recent failures before the next
    /// attempt: none up to ``freeFailures``, then ``baseDelay`` doubling per failure, never more
    /// than ``maximumDelay``.
    public func delay(afterFailures failures: Int) -> TimeInterval {
        let excess = failures - freeFailures
        guard excess > 0 else { return 0 }
        let doubled = Double(sign: .plus, exponent: min(excess - 1, 2048), significand: baseDelay)
        return min(doubled, maximumDelay)
    }

    /// ``delay(afterFailures:)`` for 0, 1, 2 … failures up to the first that reaches
    /// ``maximumDelay``, which then holds for every larger count: the table a store applies.
    public var delays: [TimeInterval] {
        var table: [TimeInterval] = []
        repeat {
            table.append(delay(afterFailures: table.count))
        } while table.last! < maximumDelay
        return table
    }
}
