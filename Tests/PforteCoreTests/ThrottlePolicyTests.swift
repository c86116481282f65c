import Foundation
import PforteCore
import Testing

@Suite struct ThrottlePolicyTests {
    private let lastFailure = Date(timeIntervalSince1970: 1_700_000_000)
    private let policy = ThrottlePolicy.default

    @Test func defaults() {
        #expect(policy.freeFailures == 3)
        #expect(policy.baseDelay == 1)
        #expect(policy.maximumDelay == 15 * 60)
        #expect(policy.window == 24 * 60 * 60)
    }

    @Test(arguments: [
        (0, 0), (1, 0), (3, 0), (4, 1), (5, 2), (6, 4), (7, 8), (13, 512), (14, 900), (15, 900),
        (1000, 900), (Int.max, 900), (-1, 0),
    ] as [(Int, TimeInterval)])
    func delays(failures: Int, expected: TimeInterval) {
        #expect(policy.delay(afterFailures: failures) == expected)
    }

    @Test func firstFailuresAreFree() {
        #expect(policy.isAllowed(failures: 3, lastFailureAt: lastFailure, now: lastFailure))
        #expect(policy.isAllowed(failures: 3, lastFailureAt: lastFailure, now: lastFailure - 2))
    }

    @Test(arguments: [(4, 1), (6, 4), (13, 512), (20, 900)] as [(Int, TimeInterval)])
    func attemptWaitsForTheDelay(failures: Int, delay: TimeInterval) {
        #expect(!policy.isAllowed(failures: failures, lastFailureAt: lastFailure, now: lastFailure + delay - 0.5))
        #expect(policy.isAllowed(failures: failures, lastFailureAt: lastFailure, now: lastFailure + delay))
    }

    @Test func nobodyWaitsLongerThanTheCap() {
        #expect(policy.isAllowed(failures: 1_000_000, lastFailureAt: lastFailure, now: lastFailure + 15 * 60))
    }

    @Test func failuresAreForgottenAfterTheWindow() {
        #expect(policy.recentFailures(20, lastFailureAt: lastFailure, now: lastFailure + 24 * 3600 - 1) == 20)
        #expect(policy.recentFailures(20, lastFailureAt: lastFailure, now: lastFailure + 24 * 3600) == 0)
    }

    @Test func customPolicy() throws {
        let custom = try ThrottlePolicy(freeFailures: 0, baseDelay: 2, maximumDelay: 10, window: 60)
        #expect((0...5).map(custom.delay(afterFailures:)) == [0, 2, 4, 8, 10, 10])
        #expect(!custom.isAllowed(failures: 1, lastFailureAt: lastFailure, now: lastFailure + 1))
        #expect(custom.isAllowed(failures: 5, lastFailureAt: lastFailure, now: lastFailure + 10))
        #expect(custom.recentFailures(5, lastFailureAt: lastFailure, now: lastFailure + 60) == 0)
    }

    @Test(arguments: [
        (-1, 1, 10, 60, .freeFailuresNegative),
        (3, 0, 10, 60, .baseDelayNotPositive),
        (3, .nan, 10, 60, .baseDelayNotPositive),
        (3, 5, 4, 60, .maximumDelayBelowBaseDelay),
        (3, 1, .infinity, 60, .maximumDelayBelowBaseDelay),
        (3, 1, 900, 900, .windowNotAboveMaximumDelay),
        (3, 1, 900, .infinity, .windowNotAboveMaximumDelay),
    ] as [(Int, TimeInterval, TimeInterval, TimeInterval, PolicyParameterError)])
    func invalidConfiguration(
        free: Int, base: TimeInterval, maximum: TimeInterval, window: TimeInterval, expected: PolicyParameterError
    ) {
        #expect(throws: expected) {
            try ThrottlePolicy(freeFailures: free, baseDelay: base, maximumDelay: maximum, window: window)
        }
    }
}
