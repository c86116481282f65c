import Foundation
import PforteCore
import Testing

@Suite struct ThrottlePolicyTests {
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

    /// The table a store applies: free, then doubling, ending at the first capped entry.
    @Test func delayTable() {
        #expect(policy.delays == [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900])
    }

    @Test func customPolicy() throws {
        let custom = try ThrottlePolicy(freeFailures: 0, baseDelay: 2, maximumDelay: 10, window: 60)
        #expect((0...5).map(custom.delay(afterFailures:)) == [0, 2, 4, 8, 10, 10])
        #expect(custom.delays == [0, 2, 4, 8, 10])
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
