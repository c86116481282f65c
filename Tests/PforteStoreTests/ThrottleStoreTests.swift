import Foundation
import Testing

@testable import PforteStore

@Suite struct ThrottleStoreTests {
    private let now = Fixture.now
    /// Two free attempts, then 1 s, 2 s, 4 s, …; forgotten an hour after the last failure.
    private let delays = ThrottleLimit(delays: [0, 0, 1, 2, 4], window: 3600, ceiling: nil)
    private let ceiling = ThrottleLimit(delays: [], window: nil, ceiling: 5)

    private func counter(_ key: String, _ limit: ThrottleLimit, scope: String = "login.pair", forgotten: Bool = true) -> ThrottleCounter {
        ThrottleCounter(scope: scope, key: key, limit: limit, forgottenOnSuccess: forgotten)
    }

    /// One attempt: reserve, and settle as a failure when granted.
    private func fail(_ throttle: SQLThrottleStore, _ counters: [ThrottleCounter], at now: Date) async throws -> ThrottleReservation {
        let reservation = try await throttle.reserve(counters, now: now)
        if reservation == .granted { try await throttle.settle(counters, failed: true, now: now) }
        return reservation
    }

    @Test(arguments: StoreBackend.all)
    func waitsGrowWithFailuresAndAreMeasuredFromTheLastOne(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let throttle = SQLThrottleStore(store: store)
            let pair = [counter("erika|192.0.2.1", delays)]
            #expect(try await fail(throttle, pair, at: now) == .granted)
            #expect(try await fail(throttle, pair, at: now) == .granted)
            #expect(try await throttle.reserve(pair, now: now) == .refused(retryAfter: 1))
            #expect(try await fail(throttle, pair, at: now.addingTimeInterval(1)) == .granted)
            #expect(try await throttle.reserve(pair, now: now.addingTimeInterval(2)) == .refused(retryAfter: 1))
            #expect(try await throttle.reserve(pair, now: now.addingTimeInterval(3)) == .granted)
            try await throttle.settle(pair, failed: false, now: now.addingTimeInterval(3))
            #expect(try await throttle.state(scope: "login.pair", key: "erika|192.0.2.1", now: now, window: 3600)
                == ThrottleState(failures: 0, pending: 0, lastFailureAt: nil), "a success forgets the pair")
        }
    }

    /// The window runs from the last failure: a guesser who keeps going never gets a fresh count.
    @Test(arguments: StoreBackend.all)
    func failuresAreForgottenAWindowAfterTheLastOne(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let throttle = SQLThrottleStore(store: store)
            let pair = [counter("k", delays)]
            for offset in [0.0, 1800, 3599] { _ = try await fail(throttle, pair, at: now.addingTimeInterval(offset)) }
            #expect(try await throttle.state(scope: "login.pair", key: "k", now: now.addingTimeInterval(3600), window: 3600).failures == 3)
            #expect(try await throttle.state(scope: "login.pair", key: "k", now: now.addingTimeInterval(3599 + 3600), window: 3600).failures == 0)
            #expect(try await throttle.reserve(pair, now: now.addingTimeInterval(3599 + 3600)) == .granted)
        }
    }

    /// A refusal by one counter reserves nothing on the others, and a counter that is only
    /// released on success (a client address) keeps its failures.
    @Test(arguments: StoreBackend.all)
    func aRefusalLeavesEveryCounterAsItWas(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let throttle = SQLThrottleStore(store: store)
            let address = counter("192.0.2.1", delays, scope: "login.address", forgotten: false)
            for guess in 1...2 { _ = try await fail(throttle, [counter("guess\(guess)", delays), address], at: now) }
            let owner = [counter("erika", ceiling, scope: "login.account"), address]
            #expect(try await throttle.reserve(owner, now: now) == .refused(retryAfter: 1))
            #expect(try await throttle.state(scope: "login.account", key: "erika", now: now, window: nil)
                == ThrottleState(failures: 0, pending: 0, lastFailureAt: nil))
            #expect(try await throttle.reserve(owner, now: now.addingTimeInterval(1)) == .granted)
            let after = try await throttle.settle(owner, failed: false, now: now.addingTimeInterval(1))
            #expect(after == ["login.account": 0, "login.address": 2])
        }
    }

    @Test(arguments: StoreBackend.all)
    func theCeilingHoldsUntilReset(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let throttle = SQLThrottleStore(store: store)
            let account = [counter("erika", ceiling, scope: "login.account")]
            for _ in 1...5 { #expect(try await fail(throttle, account, at: now) == .granted) }
            #expect(try await throttle.reserve(account, now: now.addingTimeInterval(365 * 86_400)) == .ceilingReached)
            try await throttle.reset(scope: "login.account", key: "erika")
            #expect(try await throttle.reserve(account, now: now) == .granted)
        }
    }

    /// Attempts sent at the same moment are judged one after another: a pending attempt counts
    /// like a failure, so only the free ones are checked and the ceiling is never overshot.
    @Test(arguments: StoreBackend.all)
    func concurrentAttemptsSeeEachOther(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let throttle = SQLThrottleStore(store: store)
            let now = self.now
            for (limit, expected) in [(delays, 2), (ceiling, 5)] {
                let counters = [counter(UUID().uuidString, limit)]
                let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for _ in 0..<16 { group.addTask { try await throttle.reserve(counters, now: now) == .granted } }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(granted == expected)
            }
        }
    }

    /// A node that died between reserving and settling holds nobody up for long.
    @Test(arguments: StoreBackend.all)
    func anUnsettledReservationStopsCountingAfterItsLifetime(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let throttle = SQLThrottleStore(store: store)
            let account = [counter("erika", ThrottleLimit(delays: [], window: nil, ceiling: 1), scope: "login.account")]
            let first = try await throttle.reserve(account, now: now)
            let whileChecking = try await throttle.reserve(account, now: now.addingTimeInterval(59))
            let afterTheNodeDied = try await throttle.reserve(account, now: now.addingTimeInterval(60))
            #expect([first, whileChecking, afterTheNodeDied] == [.granted, .ceilingReached, .granted])
        }
    }

    /// Wrong passwords sent at once to two nodes on one database are all counted.
    @Test(arguments: StoreBackend.all.filter { $0 == .postgres })
    func concurrentFailuresOnTwoNodesAreAllCounted(_ backend: StoreBackend) async throws {
        try await backend.withFreshStore { configuration in
            let nodes = try [SQLStore.open(configuration, logger: StoreBackend.logger), SQLStore.open(configuration, logger: StoreBackend.logger)]
            try await Migrator(store: nodes[0], logger: StoreBackend.logger).migrate()
            let account = counter("erika", ThrottleLimit(delays: [], window: nil, ceiling: 100), scope: "login.account")
            let now = self.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for attempt in 0..<8 {
                    let throttle = SQLThrottleStore(store: nodes[attempt % 2])
                    group.addTask {
                        #expect(try await throttle.reserve([account], now: now) == .granted)
                        try await throttle.settle([account], failed: true, now: now)
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await SQLThrottleStore(store: nodes[1]).state(scope: "login.account", key: "erika", now: now, window: nil)
                == ThrottleState(failures: 8, pending: 0, lastFailureAt: now))
            for node in nodes { try await node.close() }
        }
    }

    @Test(arguments: StoreBackend.all)
    func purgeForgetsOldCountersButKeepsCeilings(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let throttle = SQLThrottleStore(store: store)
            _ = try await fail(throttle, [counter("old", delays), counter("erika", ceiling, scope: "login.account")], at: now)
            _ = try await fail(throttle, [counter("recent", delays)], at: now.addingTimeInterval(3600))
            #expect(try await throttle.purge(olderThan: now.addingTimeInterval(3600), keeping: ["login.account"]) == 1)
            #expect(try await throttle.state(scope: "login.pair", key: "recent", now: now, window: 3600).failures == 1)
            #expect(try await throttle.state(scope: "login.account", key: "erika", now: now, window: nil).failures == 1)
        }
    }
}
