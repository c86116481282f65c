import Foundation
import Testing

@testable import PforteStore

@Suite struct MailTokenStoreTests {
    private let now = Fixture.now

    /// A store with one account, `a1`.
    private func withTokens(_ backend: StoreBackend, _ body: (SQLMailTokenStore) async throws -> Void) async throws {
        try await backend.withMigratedStore { store in
            try await SQLAccountStore(store: store).create(Fixture.newAccount(id: "a1", login: "erika@example.de"))
            try await body(SQLMailTokenStore(store: store))
        }
    }

    @Test(arguments: StoreBackend.all)
    func aTokenIsSpentOnceAndOnlyForItsPurpose(_ backend: StoreBackend) async throws {
        try await withTokens(backend) { tokens in
            let digest = Fixture.digest()
            let issued = try await tokens.issue(digest: digest, purpose: .emailChange, accountID: "a1",
                                                sealedPayload: Fixture.sealed("new address"), expiresAt: now.addingTimeInterval(3600), now: now)
            #expect(try await tokens.consume(digest: digest, purpose: .passwordReset, now: now) == nil)
            #expect(try await tokens.find(digest: digest, purpose: .emailChange, now: now) == issued)
            #expect(try await tokens.consume(digest: digest, purpose: .emailChange, now: now) == issued)
            #expect(try await tokens.consume(digest: digest, purpose: .emailChange, now: now) == nil)
            #expect(try await tokens.find(digest: digest, purpose: .emailChange, now: now) == nil)
        }
    }

    @Test(arguments: StoreBackend.all)
    func anExpiredTokenCannotBeFoundOrSpent(_ backend: StoreBackend) async throws {
        try await withTokens(backend) { tokens in
            let digest = Fixture.digest()
            let expiry = now.addingTimeInterval(24 * 3600)
            try await tokens.issue(digest: digest, purpose: .activation, accountID: "a1", sealedPayload: nil, expiresAt: expiry, now: now)
            #expect(try await tokens.find(digest: digest, purpose: .activation, now: expiry) == nil)
            #expect(try await tokens.consume(digest: digest, purpose: .activation, now: expiry) == nil)
            #expect(try await tokens.consume(digest: digest, purpose: .activation, now: expiry.addingTimeInterval(1)) == nil)
            #expect(try await tokens.consume(digest: digest, purpose: .activation, now: expiry.addingTimeInterval(-1)) != nil)
        }
    }

    /// The same link clicked in several tabs or posted to several nodes at once is spent once.
    @Test(arguments: StoreBackend.all)
    func exactlyOneOfManyConcurrentConsumersGetsTheToken(_ backend: StoreBackend) async throws {
        try await withTokens(backend) { tokens in
            let digest = Fixture.digest()
            let now = self.now
            try await tokens.issue(digest: digest, purpose: .passwordReset, accountID: "a1", sealedPayload: nil,
                                   expiresAt: now.addingTimeInterval(3600), now: now)
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<16 {
                    group.addTask { try await tokens.consume(digest: digest, purpose: .passwordReset, now: now) != nil }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(winners == 1)
        }
    }

    @Test(arguments: StoreBackend.all)
    func revokingWithdrawsTheAccountsTokensOfOneOrEveryPurpose(_ backend: StoreBackend) async throws {
        try await withTokens(backend) { tokens in
            let expiry = now.addingTimeInterval(3600)
            let resets = [Fixture.digest(), Fixture.digest()]
            let change = Fixture.digest()
            for digest in resets {
                try await tokens.issue(digest: digest, purpose: .passwordReset, accountID: "a1", sealedPayload: nil, expiresAt: expiry, now: now)
            }
            try await tokens.issue(digest: change, purpose: .emailChange, accountID: "a1", sealedPayload: nil, expiresAt: expiry, now: now)

            #expect(try await tokens.revokeAll(accountID: "a1", purpose: .passwordReset) == 2)
            #expect(try await tokens.consume(digest: resets[0], purpose: .passwordReset, now: now) == nil)
            #expect(try await tokens.find(digest: change, purpose: .emailChange, now: now) != nil)
            #expect(try await tokens.revokeAll(accountID: "a1", purpose: nil) == 1)
            #expect(try await tokens.find(digest: change, purpose: .emailChange, now: now) == nil)
        }
    }

    @Test(arguments: StoreBackend.all)
    func purgeRemovesOnlyExpiredTokens(_ backend: StoreBackend) async throws {
        try await withTokens(backend) { tokens in
            let old = Fixture.digest(), current = Fixture.digest()
            try await tokens.issue(digest: old, purpose: .activation, accountID: "a1", sealedPayload: nil, expiresAt: now.addingTimeInterval(10), now: now)
            try await tokens.issue(digest: current, purpose: .activation, accountID: "a1", sealedPayload: nil, expiresAt: now.addingTimeInterval(1000), now: now)
            #expect(try await tokens.purgeExpired(now: now.addingTimeInterval(10)) == 1)
            #expect(try await tokens.find(digest: current, purpose: .activation, now: now) != nil)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aTokenForAMissingAccountIsRefused(_ backend: StoreBackend) async throws {
        try await withTokens(backend) { tokens in
            let error = await #expect(throws: AccountStoreError.self) {
                try await tokens.issue(digest: Fixture.digest(), purpose: .activation, accountID: "nobody", sealedPayload: nil,
                                       expiresAt: now.addingTimeInterval(60), now: now)
            }
            #expect(error?.code == .accountNotFound)
        }
    }

    @Test func aDigestIsThirtyTwoBytes() {
        let error = #expect(throws: AccountStoreError.self) { try SecretDigest(Data("token-in-clear".utf8)) }
        #expect(error?.code == .notADigest)
    }
}
