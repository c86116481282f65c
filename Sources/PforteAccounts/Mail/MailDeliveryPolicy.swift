public import Foundation
public import PforteCore

/// When a message that could not be delivered is tried again, and when it is given up.
///
/// Defaults, and why: a relay that is briefly away (a restart, a failover) should cost a
/// minute, not an hour, so retries start after one minute and double; a relay that is down for
/// longer is tried at least hourly, so mail flows within an hour of its return; after three
/// days a link in the message (activation: 24 h, reset: 1 h) has long expired, so the message is
/// given up and shown as failed for the operator. A refusal for good (SMTP 5yz, e.g. an unknown
/// recipient) is given up at once: retrying cannot help.
public struct MailDeliveryPolicy: Sendable, Equatable {
    public static let `default` = MailDeliveryPolicy(checkedFirstRetryDelay: 60, maximumRetryDelay: 60 * 60, giveUpAfter: 72 * 60 * 60)

    /// Seconds before the first retry; each further retry waits twice as long as the one before.
    public let firstRetryDelay: TimeInterval
    /// The longest wait between two attempts, in seconds.
    public let maximumRetryDelay: TimeInterval
    /// Seconds after queueing after which a message that still fails is given up.
    public let giveUpAfter: TimeInterval

    public init(firstRetryDelay: TimeInterval, maximumRetryDelay: TimeInterval, giveUpAfter: TimeInterval) throws(PolicyParameterError) {
        guard firstRetryDelay.isFinite, firstRetryDelay > 0 else { throw .baseDelayNotPositive }
        guard maximumRetryDelay.isFinite, maximumRetryDelay >= firstRetryDelay else { throw .maximumDelayBelowBaseDelay }
        guard giveUpAfter.isFinite, giveUpAfter > maximumRetryDelay else { throw .windowNotAboveMaximumDelay }
        self.init(checkedFirstRetryDelay: firstRetryDelay, maximumRetryDelay: maximumRetryDelay, giveUpAfter: giveUpAfter)
    }

    private init(checkedFirstRetryDelay: TimeInterval, maximumRetryDelay: TimeInterval, giveUpAfter: TimeInterval) {
        firstRetryDelay = checkedFirstRetryDelay
        self.maximumRetryDelay = maximumRetryDelay
        self.giveUpAfter = giveUpAfter
    }

    /// When to try again after the failure of attempt number `attempts` (1 for the first) of a
    /// message queued at `createdAt`; `nil` when it is time to give up.
    public func retryAt(afterAttempt attempts: Int, createdAt: Date, now: Date) -> Date? {
        guard now.timeIntervalSince(createdAt) < giveUpAfter else { return nil }
        let doubled = Double(sign: .plus, exponent: min(max(attempts - 1, 0), 2048), significand: firstRetryDelay)
        return now.addingTimeInterval(min(doubled, maximumRetryDelay))
    }
}
