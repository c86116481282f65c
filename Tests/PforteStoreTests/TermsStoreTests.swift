import Foundation
import Testing

@testable import PforteStore

/// Acceptances of terms versions and their announcements (issue #19 item 1), on both stores.
@Suite struct TermsStoreTests {
    private func activeAccount(_ store: SQLStore, _ login: String) async throws -> String {
        let accounts = SQLAccountStore(store: store)
        let account = try await accounts.create(Fixture.newAccount(login: login))
        try await accounts.activate(id: account.id, at: Fixture.now)
        return account.id
    }

    private func mail(_ id: String) -> OutgoingMail {
        OutgoingMail(id: id, sealedContent: Fixture.sealed("announcement \(id)"), queuedAt: Fixture.now, origin: "node-a")
    }

    @Test(arguments: StoreBackend.all)
    func anAcceptanceIsKeptOnceWithItsTimeAndGuardianConsent(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let terms = SQLTermsStore(store: store)
            let erika = try await activeAccount(store, "erika@example.de")
            try await terms.accept(TermsAcceptance(accountID: erika, kind: "citizen", version: "1", acceptedAt: Fixture.now,
                                                   guardianConsent: true))
            try await terms.accept(TermsAcceptance(accountID: erika, kind: "citizen", version: "1",
                                                   acceptedAt: Fixture.now.addingTimeInterval(60)))
            try await terms.accept(TermsAcceptance(accountID: erika, kind: "citizen", version: "2",
                                                   acceptedAt: Fixture.now.addingTimeInterval(120)))
            let accepted = try await terms.acceptances(accountID: erika, kind: "citizen")
            #expect(accepted.map(\.version) == ["1", "2"])
            #expect(accepted.first?.acceptedAt == Fixture.now, "the first acceptance stays")
            #expect(accepted.first?.guardianConsent == true)
            #expect(try await terms.acceptances(accountID: erika, kind: "organisation").isEmpty)

            try await SQLAccountStore(store: store).delete(id: erika)
            #expect(try await terms.acceptances(accountID: erika, kind: "citizen").isEmpty, "deleted with the account")
        }
    }

    @Test(arguments: StoreBackend.all)
    func everyActiveAccountIsAnnouncedOncePerVersion(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let terms = SQLTermsStore(store: store)
            let erika = try await activeAccount(store, "erika@example.de")
            let max = try await activeAccount(store, "max@example.de")
            _ = try await SQLAccountStore(store: store).create(Fixture.newAccount(login: "pending@example.de"))

            let due = try await terms.unannounced(kind: "citizen", version: "2", onlyAdmins: false, limit: 10)
            #expect(Set(due.map(\.accountID)) == [erika, max], "only active accounts")
            #expect(try await terms.unannounced(kind: "citizen", version: "2", onlyAdmins: true, limit: 10).isEmpty)
            #expect(try await terms.unannounced(kind: "citizen", version: "2", onlyAdmins: false, limit: 1).count == 1)

            #expect(try await terms.markAnnounced(accountID: erika, kind: "citizen", version: "2", at: Fixture.now, mails: [mail("a")]))
            #expect(try await !terms.markAnnounced(accountID: erika, kind: "citizen", version: "2", at: Fixture.now, mails: [mail("b")]),
                    "a second node's announcement queues nothing")
            #expect(try await terms.unannounced(kind: "citizen", version: "2", onlyAdmins: false, limit: 10).map(\.accountID) == [max])
            #expect(try await terms.unannounced(kind: "citizen", version: "3", onlyAdmins: false, limit: 10).count == 2)
            let queued = try await SQLMailQueueStore(store: store).list(state: nil, limit: 10)
            #expect(queued.map(\.id) == ["a"])
            #expect(try await !terms.markAnnounced(accountID: "gone", kind: "citizen", version: "2", at: Fixture.now, mails: [mail("c")]))
        }
    }
}
