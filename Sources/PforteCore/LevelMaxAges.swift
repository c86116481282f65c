public import Foundation

/// How long an authentication keeps its trust level within a session (issue #15).
///
/// A session's level is only as good as its last authentication at that level: the ID card
/// presented in the morning says nothing about who sits at the computer in the afternoon,
/// however active the session stayed. So each level above `normal` may have a maximum age;
/// past it, the session continues at the level its other authentications still justify, and a
/// portal asking for the higher level sends the citizen to authenticate at it again.
///
/// `normal` has no maximum age of its own: it lasts as long as the session
/// (``SessionLifetime``). The current time is passed in, so every node decides alike.
public struct LevelMaxAges: Sendable, Equatable {
    /// No limit beyond the session's own lifetime.
    public static let unlimited = LevelMaxAges([:])
    /// One hour for each level above `normal` (the reasoning is in docs/operations.md).
    public static let `default` = LevelMaxAges([.substantiell: 60 * 60, .hoch: 60 * 60])

    /// Seconds per level; a level without an entry keeps for the session's lifetime.
    public let seconds: [TrustLevel: TimeInterval]

    public init(_ seconds: [TrustLevel: TimeInterval]) {
        self.seconds = seconds.filter { $0.key != .normal }
    }

    /// The highest level whose latest authentication is within its maximum age at `now`.
    ///
    /// - Parameter authenticatedAt: the latest authentication at each level above `normal`;
    ///   an authentication counts for its own level and every level below it
    ///   (``LevelAuthentications``).
    public func level(_ authenticatedAt: LevelAuthentications, now: Date) -> TrustLevel {
        for level in TrustLevel.allCases.reversed() where level != .normal {
            guard let instant = authenticatedAt.latest[level] else { continue }
            if let maxAge = seconds[level], now.timeIntervalSince(instant) > maxAge { continue }
            return level
        }
        return .normal
    }

    /// The maximum age of `level`, when it has one.
    public func maxAge(of level: TrustLevel) -> TimeInterval? {
        seconds[level]
    }
}

/// When a session last authenticated at each level above `normal`.
public struct LevelAuthentications: Sendable, Equatable {
    public private(set) var latest: [TrustLevel: Date]

    public init(_ latest: [TrustLevel: Date] = [:]) {
        self.latest = latest.filter { $0.key != .normal }
    }

    /// Records an authentication at `level` at `instant`: it counts for that level and every
    /// level below it (an eID login also satisfies a portal asking for `substantiell`).
    public mutating func record(_ level: TrustLevel, at instant: Date) {
        for covered in TrustLevel.allCases where covered != .normal && covered <= level {
            latest[covered] = instant
        }
    }
}
