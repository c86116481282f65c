public import Foundation

/// The application's clock: every rule in the web layer that depends on time (session and
/// request lifetimes, replay windows, assertion validity, level max ages) reads it from here,
/// so tests drive time through the router with a settable clock instead of sleeping.
public struct PforteClock: Sendable {
    public let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    /// The system clock, for `pforte serve`.
    public static let system = PforteClock { Date() }
}
