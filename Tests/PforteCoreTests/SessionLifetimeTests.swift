import Foundation
import PforteCore
import Testing

@Suite struct SessionLifetimeTests {
    private let login = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func defaultsAreDesignValues() {
        #expect(SessionLifetime.default.idleTimeout == 20 * 60)
        #expect(SessionLifetime.default.absoluteLifetime == 12 * 60 * 60)
    }

    @Test(arguments: [
        (0, 0, .active),
        (0.0, 20 * 60 - 1, .active),
        (0.0, 20 * 60, .idleExpired),
        (11 * 3600, 11 * 3600 + 19 * 60, .active),
        (12 * 3600 - 60, 12 * 3600 - 1, .active),
        (12 * 3600 - 60, 12 * 3600, .absoluteExpired),
        (0.0, 13 * 3600, .absoluteExpired),  // both limits passed: the absolute one is reported
    ] as [(TimeInterval, TimeInterval, SessionState)])
    func defaultState(lastSeenOffset: TimeInterval, nowOffset: TimeInterval, expected: SessionState) {
        let state = SessionLifetime.default.state(
            createdAt: login, lastSeenAt: login + lastSeenOffset, now: login + nowOffset
        )
        #expect(state == expected)
    }

    @Test func configuredLimits() throws {
        let lifetime = try SessionLifetime(idleTimeout: 60, absoluteLifetime: 300)
        #expect(lifetime.state(createdAt: login, lastSeenAt: login + 250, now: login + 299) == .active)
        #expect(lifetime.state(createdAt: login, lastSeenAt: login + 100, now: login + 160) == .idleExpired)
        #expect(lifetime.state(createdAt: login, lastSeenAt: login + 299, now: login + 300) == .absoluteExpired)
    }

    @Test func clockBehindLastSeenIsStillActive() {
        #expect(SessionLifetime.default.state(createdAt: login, lastSeenAt: login + 10, now: login + 5) == .active)
    }

    @Test(arguments: [
        (0, 60, .idleTimeoutNotPositive),
        (-1, 60, .idleTimeoutNotPositive),
        (.nan, 60, .idleTimeoutNotPositive),
        (.infinity, 60, .idleTimeoutNotPositive),
        (60, 0, .absoluteLifetimeNotPositive),
        (60, .infinity, .absoluteLifetimeNotPositive),
    ] as [(TimeInterval, TimeInterval, PolicyParameterError)])
    func invalidConfiguration(idle: TimeInterval, absolute: TimeInterval, expected: PolicyParameterError) {
        #expect(throws: expected) { try SessionLifetime(idleTimeout: idle, absoluteLifetime: absolute) }
    }
}
