import Foundation
import Testing

@testable import PforteStore

@Suite struct MailQueueStoreTests {
    private let now = Fixture.now

    private func mail(_ id: String, at time: Date = Fixture.now) -> OutgoingMail {
        OutgoingMail(id: id, sealedContent: Fixture.sealed("message \(id)"), queuedAt: time, origin: "node-a")
    }

    @Test(arguments: StoreBackend.all)
    func aClaimedMessageIsHiddenForItsLeaseAndCountsAnAttempt(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let queue = SQLMailQueueStore(store: store)
            try await queue.enqueue([mail("m1")])
            let claimed = try await queue.claim(limit: 10, now: now, lease: 300, node: "node-a", handover: 30)
            #expect(claimed.map(\.id) == ["m1"])
            #expect(claimed.first?.attempts == 1)
            #expect(claimed.first?.sealedContent == Fixture.sealed("message m1"))
            #expect(try await queue.claim(limit: 10, now: now.addingTimeInterval(299), lease: 300, node: "node-a", handover: 30).isEmpty)
            // A sender that died mid-attempt: after the lease another may take the message.
            #expect(try await queue.claim(limit: 10, now: now.addingTimeInterval(300), lease: 300, node: "node-a", handover: 30).map(\.attempts) == [2])
        }
    }

    /// The node that queued a message sends it; another takes it only once the first had time.
    @Test(arguments: StoreBackend.all)
    func anotherNodeTakesAMessageOnlyAfterTheHandover(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let queue = SQLMailQueueStore(store: store)
            try await queue.enqueue([mail("m1")])
            #expect(try await queue.claim(limit: 10, now: now.addingTimeInterval(29), lease: 300, node: "node-b", handover: 30).isEmpty)
            #expect(try await queue.claim(limit: 10, now: now.addingTimeInterval(30), lease: 300, node: "node-b", handover: 30)
                .map(\.id) == ["m1"])
        }
    }

    @Test(arguments: StoreBackend.all)
    func aSentMessageKeepsItsRecordButNotItsContent(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let queue = SQLMailQueueStore(store: store)
            try await queue.enqueue([mail("m1")])
            _ = try await queue.claim(limit: 10, now: now, lease: 300, node: "node-a", handover: 30)
            try await queue.markSent(id: "m1", now: now.addingTimeInterval(2))
            let sent = try #require(try await queue.list(state: .sent, limit: 10).first)
            #expect(sent.sealedContent == nil)
            #expect(sent.finishedAt == now.addingTimeInterval(2))
            #expect(try await queue.claim(limit: 10, now: now.addingTimeInterval(3600), lease: 300, node: "node-a", handover: 30).isEmpty)
            #expect(try await queue.retry(id: "m1", now: now) == 0)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aFailedAttemptWaitsUntilItsRetryAndAGivenUpMessageOnlyForTheOperator(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let queue = SQLMailQueueStore(store: store)
            try await queue.enqueue([mail("m1"), mail("m2")])
            _ = try await queue.claim(limit: 10, now: now, lease: 300, node: "node-a", handover: 30)
            try await queue.markFailed(id: "m1", error: "relay down", retryAt: now.addingTimeInterval(60), now: now)
            try await queue.markFailed(id: "m2", error: "550 unknown recipient", retryAt: nil, now: now)

            #expect(try await queue.claim(limit: 10, now: now.addingTimeInterval(59), lease: 300, node: "node-a", handover: 30).isEmpty)
            let retried = try await queue.claim(limit: 10, now: now.addingTimeInterval(60), lease: 300, node: "node-a", handover: 30)
            #expect(retried.map(\.id) == ["m1"])
            #expect(retried.first?.lastError == "relay down")
            let failed = try #require(try await queue.list(state: .failed, limit: 10).first)
            #expect(failed.id == "m2" && failed.sealedContent != nil && failed.lastError == "550 unknown recipient")

            #expect(try await queue.retry(id: "m2", now: now.addingTimeInterval(100)) == 1)
            #expect(try await queue.claim(limit: 10, now: now.addingTimeInterval(100), lease: 300, node: "node-a", handover: 30).map(\.id) == ["m2"])
        }
    }

    @Test(arguments: StoreBackend.all)
    func statisticsCountEachStateAndTheOldestWaitingMessage(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let queue = SQLMailQueueStore(store: store)
            #expect(try await queue.statistics() == MailQueueStatistics(queued: 0, sent: 0, failed: 0, oldestQueuedAt: nil))
            try await queue.enqueue([mail("old")])
            try await queue.enqueue(["new", "sent", "failed"].map { mail($0, at: now.addingTimeInterval(10)) })
            try await queue.markSent(id: "sent", now: now.addingTimeInterval(11))
            try await queue.markFailed(id: "failed", error: "refused", retryAt: nil, now: now.addingTimeInterval(11))
            #expect(try await queue.statistics() == MailQueueStatistics(queued: 2, sent: 1, failed: 1, oldestQueuedAt: now))

            #expect(try await queue.purge(finishedBefore: now.addingTimeInterval(11)) == 0)
            #expect(try await queue.purge(finishedBefore: now.addingTimeInterval(12)) == 2)
            #expect(try await queue.list(state: nil, limit: 10).map(\.id) == ["old", "new"])
        }
    }

    /// Senders on several nodes poll at once: each message goes to exactly one of them.
    @Test(arguments: StoreBackend.all)
    func concurrentClaimsNeverShareAMessage(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let queue = SQLMailQueueStore(store: store)
            let now = self.now
            try await queue.enqueue((0..<40).map { mail("m\($0)") })
            let claims = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<8 {
                    group.addTask { try await queue.claim(limit: 5, now: now, lease: 300, node: "node-a", handover: 30).map(\.id) }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(claims.count == 40)
            #expect(Set(claims).count == 40)
        }
    }

    /// A link's mail is written with its token: when the token cannot be stored, nothing is
    /// queued, and when it is, the mail is there and older links of the purpose are gone.
    @Test(arguments: StoreBackend.all)
    func aTokensMailIsQueuedInTheTokensTransaction(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let queue = SQLMailQueueStore(store: store)
            let tokens = SQLMailTokenStore(store: store)
            try await SQLAccountStore(store: store).create(Fixture.newAccount(id: "a1", login: "erika@example.de"))
            let expiry = now.addingTimeInterval(3600)
            await #expect(throws: AccountStoreError.self) {
                try await tokens.issue(digest: Fixture.digest(), purpose: .passwordReset, accountID: "nobody", sealedPayload: nil,
                                       expiresAt: expiry, now: now, replacingOutstanding: true, mails: [mail("lost")])
            }
            #expect(try await queue.list(state: nil, limit: 10).isEmpty)

            let older = Fixture.digest()
            try await tokens.issue(digest: older, purpose: .passwordReset, accountID: "a1", sealedPayload: nil, expiresAt: expiry, now: now)
            let newer = Fixture.digest()
            try await tokens.issue(digest: newer, purpose: .passwordReset, accountID: "a1", sealedPayload: nil,
                                   expiresAt: expiry, now: now, replacingOutstanding: true, mails: [mail("reset")])
            #expect(try await queue.list(state: .queued, limit: 10).map(\.id) == ["reset"])
            #expect(try await tokens.find(digest: older, purpose: .passwordReset, now: now) == nil)
            #expect(try await tokens.find(digest: newer, purpose: .passwordReset, now: now) != nil)
        }
    }
}
