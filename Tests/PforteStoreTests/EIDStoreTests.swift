import Foundation
import Testing

@testable import PforteStore

@Suite struct EIDStoreTests {
    private let now = Fixture.now

    /// A store with two accounts, `a1` and `a2`.
    private func withStores(_ backend: StoreBackend, _ body: (SQLStore) async throws -> Void) async throws {
        try await backend.withMigratedStore { store in
            try await SQLAccountStore(store: store).create(Fixture.newAccount(id: "a1", login: "erika@example.de"))
            try await SQLAccountStore(store: store).create(Fixture.newAccount(id: "a2", login: "max@example.de"))
            try await body(store)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aPseudonymFindsItsAccountAndANewCardReplacesIt(_ backend: StoreBackend) async throws {
        try await withStores(backend) { store in
            let links = SQLEIDLinkStore(store: store)
            let oldCard = Fixture.digest(), newCard = Fixture.digest()
            try await links.link(accountID: "a1", pseudonym: oldCard, at: now)
            #expect(try await links.accountID(pseudonym: oldCard) == "a1")
            #expect(try await links.pseudonym(accountID: "a1") == oldCard)

            try await links.link(accountID: "a1", pseudonym: newCard, at: now)
            #expect(try await links.accountID(pseudonym: oldCard) == nil)
            #expect(try await links.accountID(pseudonym: newCard) == "a1")

            #expect(try await links.unlink(accountID: "a1"))
            #expect(try await !links.unlink(accountID: "a1"))
            #expect(try await links.accountID(pseudonym: newCard) == nil)
        }
    }

    /// Issue #19: a deactivated card is known as such, logs in nobody, and stays its account's.
    @Test(arguments: StoreBackend.all)
    func aDeactivatedCardIsRememberedUntilItsAccountLinksItAgain(_ backend: StoreBackend) async throws {
        try await withStores(backend) { store in
            let links = SQLEIDLinkStore(store: store)
            let card = Fixture.digest()
            try await links.link(accountID: "a1", pseudonym: card, at: now)
            #expect(try await !links.isDeactivated(pseudonym: card))
            #expect(try await links.deactivate(accountID: "a1", at: now))
            #expect(try await !links.deactivate(accountID: "a1", at: now))
            #expect(try await links.accountID(pseudonym: card) == nil)
            #expect(try await links.pseudonym(accountID: "a1") == nil)
            #expect(try await links.isDeactivated(pseudonym: card))
            await #expect(throws: AccountStoreError(.pseudonymTaken, "the eID pseudonym is linked to another account")) {
                try await links.link(accountID: "a2", pseudonym: card, at: now)
            }
            try await links.link(accountID: "a1", pseudonym: card, at: now)
            #expect(try await links.accountID(pseudonym: card) == "a1")
            #expect(try await !links.isDeactivated(pseudonym: card))
        }
    }

    @Test(arguments: StoreBackend.all)
    func oneCardLinksOneAccountAndDeletionRemovesTheLink(_ backend: StoreBackend) async throws {
        try await withStores(backend) { store in
            let links = SQLEIDLinkStore(store: store)
            let card = Fixture.digest()
            try await links.link(accountID: "a1", pseudonym: card, at: now)
            await #expect(throws: AccountStoreError(.pseudonymTaken, "the eID pseudonym is linked to another account")) {
                try await links.link(accountID: "a2", pseudonym: card, at: now)
            }
            #expect(try await links.accountID(pseudonym: card) == "a1")
            await #expect(throws: AccountStoreError.self) {
                try await links.link(accountID: "nobody", pseudonym: Fixture.digest(), at: now)
            }
            try await SQLAccountStore(store: store).delete(id: "a1")
            #expect(try await links.accountID(pseudonym: card) == nil)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aTransactionStepIsTakenOnceAndOnlyAtItsStage(_ backend: StoreBackend) async throws {
        try await withStores(backend) { store in
            let transactions = SQLEIDTransactionStore(store: store)
            let digest = Fixture.digest()
            let record = EIDTransactionRecord(handleDigest: digest, stage: .tcToken, payload: Fixture.sealed("step"),
                                              expiresAt: now.addingTimeInterval(900))
            try await transactions.create(record)
            #expect(try await transactions.take(handleDigest: digest, stage: .refresh, now: now) == nil)
            #expect(try await transactions.find(handleDigest: digest, stage: .tcToken, now: now) == record)
            #expect(try await transactions.take(handleDigest: digest, stage: .tcToken, now: now) == record)
            #expect(try await transactions.take(handleDigest: digest, stage: .tcToken, now: now) == nil)

            let late = EIDTransactionRecord(handleDigest: Fixture.digest(), stage: .finish, payload: Fixture.sealed("late"),
                                            expiresAt: now.addingTimeInterval(10))
            try await transactions.create(late)
            #expect(try await transactions.take(handleDigest: late.handleDigest, stage: .finish, now: now.addingTimeInterval(10)) == nil)
            #expect(try await transactions.purgeExpired(now: now.addingTimeInterval(10)) == 1)
        }
    }
}
