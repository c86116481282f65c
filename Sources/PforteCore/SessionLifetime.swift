public import Foundation

/// How long a login session lasts (design §4: "20 minutes idle timeout (configurable), an
/// absolute lifetime (default 12 h)"; seed 003, "Timeout der Sitzung").
///
/// Closing the browser does not end a session (seed 003); only these limits and an explicit
/// logout do. The current time is passed in, so the rule is pure and every node decides alike.
public struct SessionLifetime: Sendable, Equatable {
    /// The defaults of design §4: 20 minutes idle (seed 003), 12 hours absolute.
    public static let `default` = SessionLifetime(checkedIdleTimeout: 20 * 60, absoluteLifetime: 12 * 60 * 60)

    /// Seconds without a request after which the session ends.
    public let idleTimeout: TimeInterval
    /// Seconds after login after which the session ends, however active.
    public let absoluteLifetime: TimeInterval

    public init(idleTimeout: TimeInterval, absoluteLifetime: TimeInterval) throws(PolicyParameterError) {
        guard idleTimeout.isFinite, idleTimeout > 0 else { throw .idleTimeoutNotPositive }
        guard absoluteLifetime.isFinite, absoluteLifetime > 0 else { throw .absoluteLifetimeNotPositive }
        self.init(checkedIdleTimeout: idleTimeout, absoluteLifetime: absoluteLifetime)
    }

    private init(checkedIdleTimeout: TimeInterval, absoluteLifetime: TimeInterval) {
        idleTimeout = checkedIdleTimeout
        self.absoluteLifetime = absoluteLifetime
    }

    /// The state at `now` of a session created at `createdAt` whose last request was at
    /// `lastSeenAt`. A limit is reached at its exact instant. When both are reached, the
    /// absolute one is reported: it holds whatever the user does.
    public func state(createdAt: Date, lastSeenAt: Date, now: Date) -> SessionState {
        if now.timeIntervalSince(createdAt) >= absoluteLifetime { return .absoluteExpired }
        if now.timeIntervalSince(lastSeenAt) >= idleTimeout { return .idleExpired }
        return .active
    }
}
