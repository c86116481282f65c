import Foundation
import Testing

@testable import PforteStore

@Suite struct OneTimeIdentifierStoreTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: StoreBackend.all)
    func theSecondUseIsAReplay(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let identifiers = SQLOneTimeIdentifierStore(store: store)
            let expiry = now.addingTimeInterval(300)
            let firstUse = try await identifiers.consume("_abc", namespace: "saml.request", expiresAt: expiry, now: now)
            #expect(firstUse == true)
            let replay = try await identifiers.consume("_abc", namespace: "saml.request", expiresAt: expiry, now: now.addingTimeInterval(10))
            #expect(replay == false)
            let otherNamespace = try await identifiers.consume("_abc", namespace: "saml.assertion", expiresAt: expiry, now: now)
            #expect(otherNamespace == true)
        }
    }

    /// After expiry the identifier is forgotten (the message carrying it is refused for its age
    /// by the protocol layer long before).
    @Test(arguments: StoreBackend.all)
    func anExpiredIdentifierCanBeRecordedAgain(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let identifiers = SQLOneTimeIdentifierStore(store: store)
            let firstUse = try await identifiers.consume("jti-1", namespace: "jwt", expiresAt: now.addingTimeInterval(60), now: now)
            #expect(firstUse == true)
            let later = now.addingTimeInterval(61)
            let afterExpiry = try await identifiers.consume("jti-1", namespace: "jwt", expiresAt: later.addingTimeInterval(60), now: later)
            #expect(afterExpiry == true)
        }
    }

    @Test(arguments: StoreBackend.all)
    func purgeRemovesOnlyExpiredIdentifiers(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let identifiers = SQLOneTimeIdentifierStore(store: store)
            _ = try await identifiers.consume("old", namespace: "n", expiresAt: now.addingTimeInterval(10), now: now)
            _ = try await identifiers.consume("new", namespace: "n", expiresAt: now.addingTimeInterval(1000), now: now)
            let purged = try await identifiers.purgeExpired(now: now.addingTimeInterval(100))
            #expect(purged == 1)
            let stillRecorded = try await identifiers.consume("new", namespace: "n", expiresAt: now.addingTimeInterval(1000), now: now.addingTimeInterval(100))
            #expect(stillRecorded == false)
        }
    }

    /// Many requests racing with the same identifier — as a replayed assertion posted to
    /// several nodes at once would — get exactly one acceptance.
    @Test(arguments: StoreBackend.all)
    func exactlyOneOfManyConcurrentUsesWins(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let identifiers = SQLOneTimeIdentifierStore(store: store)
            let now = self.now
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<16 {
                    group.addTask { try await identifiers.consume("race", namespace: "n", expiresAt: now.addingTimeInterval(60), now: now) }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(winners == 1)
        }
    }

    @Test(arguments: StoreBackend.all)
    func overlongIdentifiersAreRefusedBeforeTheDatabase(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let identifiers = SQLOneTimeIdentifierStore(store: store)
            let error = await #expect(throws: StoreError.self) {
                try await identifiers.consume(String(repeating: "x", count: 513), namespace: "n", expiresAt: now, now: now)
            }
            #expect(error?.code == .valueTooLong)
        }
    }
}
