import Foundation
import Testing

@testable import PforteStore

@Suite struct ThrottleStoreTests {
    private let now = Fixture.now
    private let window: TimeInterval = 900

    /// The window runs from the last failure, as PforteCore's `ThrottlePolicy` counts: a guesser
    /// who keeps going never gets a fresh count.
    @Test(arguments: StoreBackend.all)
    func failuresAddUpUntilAWindowPassesWithoutOne(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let throttle = SQLThrottleStore(store: store)
            #expect(try await throttle.state(scope: "login.account", key: "a1", now: now, window: window) == ThrottleState(failures: 0, lastFailureAt: nil))
            for (offset, expected) in [(0.0, 1), (899, 2), (1798, 3)] {
                let state = try await throttle.recordFailure(scope: "login.account", key: "a1", now: now.addingTimeInterval(offset), window: window)
                #expect(state == ThrottleState(failures: expected, lastFailureAt: now.addingTimeInterval(offset)))
            }
            #expect(try await throttle.state(scope: "login.account", key: "a1", now: now.addingTimeInterval(2697), window: window).failures == 3)
            let forgotten = try await throttle.state(scope: "login.account", key: "a1", now: now.addingTimeInterval(2698), window: window)
            #expect(forgotten == ThrottleState(failures: 0, lastFailureAt: now.addingTimeInterval(1798)))
            let restarted = try await throttle.recordFailure(scope: "login.account", key: "a1", now: now.addingTimeInterval(2698), window: window)
            #expect(restarted.failures == 1)
        }
    }

    /// A node whose clock is behind does not move the last failure back.
    @Test(arguments: StoreBackend.all)
    func aLateClockDoesNotMoveTheLastFailureBack(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let throttle = SQLThrottleStore(store: store)
            try await throttle.recordFailure(scope: "login.account", key: "a1", now: now, window: window)
            let behind = try await throttle.recordFailure(scope: "login.account", key: "a1", now: now.addingTimeInterval(-2), window: window)
            #expect(behind == ThrottleState(failures: 2, lastFailureAt: now))
        }
    }

    @Test(arguments: StoreBackend.all)
    func countersAreKeptPerScopeAndKeyAndReset(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let throttle = SQLThrottleStore(store: store)
            try await throttle.recordFailure(scope: "login.account", key: "a1", now: now, window: window)
            try await throttle.recordFailure(scope: "login.account", key: "a1", now: now, window: window)
            try await throttle.recordFailure(scope: "reset.answer", key: "a1", now: now, window: window)
            try await throttle.recordFailure(scope: "login.account", key: "a2", now: now, window: window)

            try await throttle.reset(scope: "login.account", key: "a1")
            #expect(try await throttle.state(scope: "login.account", key: "a1", now: now, window: window).failures == 0)
            #expect(try await throttle.state(scope: "reset.answer", key: "a1", now: now, window: window).failures == 1)
            #expect(try await throttle.state(scope: "login.account", key: "a2", now: now, window: window).failures == 1)
        }
    }

    @Test(arguments: StoreBackend.all)
    func purgeForgetsCountersWithOnlyOldFailures(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let throttle = SQLThrottleStore(store: store)
            try await throttle.recordFailure(scope: "login.address", key: "old", now: now, window: window)
            try await throttle.recordFailure(scope: "login.address", key: "recent", now: now.addingTimeInterval(3600), window: window)
            #expect(try await throttle.purge(olderThan: now.addingTimeInterval(3600)) == 1)
            #expect(try await throttle.state(scope: "login.address", key: "old", now: now, window: window).lastFailureAt == nil)
            #expect(try await throttle.state(scope: "login.address", key: "recent", now: now, window: window).lastFailureAt != nil)
        }
    }

    /// Guesses spread over many nodes at once are all counted.
    @Test(arguments: StoreBackend.all)
    func concurrentFailuresCountExactly(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let throttle = SQLThrottleStore(store: store)
            let now = self.now, window = self.window
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<16 {
                    group.addTask { try await throttle.recordFailure(scope: "login.account", key: "a1", now: now, window: window).failures }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(counts.sorted() == Array(1...16))
            #expect(try await throttle.state(scope: "login.account", key: "a1", now: now, window: window).failures == 16)
        }
    }
}
