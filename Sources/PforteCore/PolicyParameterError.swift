/// A policy was configured with values that cannot work. The configuration layer checks its
/// settings against these before the server starts.
public enum PolicyParameterError: String, Error, Sendable, CaseIterable {
    /// ``SessionLifetime/idleTimeout`` is not a positive, finite number of seconds.
    case idleTimeoutNotPositive
    /// ``SessionLifetime/absoluteLifetime`` is not a positive, finite number of seconds.
    case absoluteLifetimeNotPositive
    /// ``ThrottlePolicy/freeFailures`` is negative.
    case freeFailuresNegative
    /// ``ThrottlePolicy/baseDelay`` is not a positive, finite number of seconds.
    case baseDelayNotPositive
    /// ``ThrottlePolicy/maximumDelay`` is below the base delay or not finite.
    case maximumDelayBelowBaseDelay
    /// ``ThrottlePolicy/window`` is not longer than the maximum delay (or not finite): waiting out
    /// the longest delay would then also forget every failure, and the delays would never grow
    /// past the first round.
    case windowNotAboveMaximumDelay
}
