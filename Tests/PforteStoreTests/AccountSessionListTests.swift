import Foundation
import Testing

@testable import PforteStore

/// The security view's store part (issue #18): an account's live sessions with their browser
/// family, and the bounded login history that goes with the account.
@Suite struct AccountSessionListTests {
    private let now = Fixture.now

    private func withAccounts(_ backend: StoreBackend,
                              _ body: (SQLSessionStore, SQLLoginHistoryStore, SQLAccountStore) async throws -> Void) async throws {
        try await backend.withMigratedStore { store in
            let accounts = SQLAccountStore(store: store)
            try await accounts.create(Fixture.newAccount(id: "a1", login: "erika@example.de"))
            try await accounts.create(Fixture.newAccount(id: "a2", login: "max@example.de"))
            try await body(SQLSessionStore(store: store), SQLLoginHistoryStore(store: store), accounts)
        }
    }

    private func event(_ accountID: String, at offset: TimeInterval, outcome: LoginOutcome = .succeeded) -> LoginEvent {
        LoginEvent(accountID: accountID, occurredAt: now.addingTimeInterval(offset), method: "pwd", trustLevel: "normal",
                   outcome: outcome, browser: "firefox/linux")
    }

    @Test(arguments: StoreBackend.all)
    func anAccountsLiveSessionsAreListedMostRecentlyActiveFirst(_ backend: StoreBackend) async throws {
        try await withAccounts(backend) { sessions, _, _ in
            var older = Fixture.session(accountID: "a1", idleTimeoutSeconds: 1200)
            older.browser = "firefox/linux"
            var newer = Fixture.session(accountID: "a1", at: now.addingTimeInterval(60), idleTimeoutSeconds: 1200)
            newer.browser = "chrome/windows"
            let idle = Fixture.session(accountID: "a1", at: now.addingTimeInterval(-1300), idleTimeoutSeconds: 1200)
            let otherAccount = Fixture.session(accountID: "a2")
            for session in [older, newer, idle, otherAccount] { try await sessions.create(session) }

            let listed = try await sessions.sessions(accountID: "a1", now: now.addingTimeInterval(61))
            #expect(listed == [newer, older], "the idle session and the other account's are not listed")
            #expect(listed.map(\.browser) == ["chrome/windows", "firefox/linux"])
            #expect(try await sessions.sessions(accountID: "nobody", now: now).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.all)
    func theHistoryListsAnAccountsEventsNewestFirst(_ backend: StoreBackend) async throws {
        try await withAccounts(backend) { _, history, _ in
            try await history.record(event("a1", at: 0), keeping: 50)
            try await history.record(event("a1", at: 10, outcome: .failed), keeping: 50)
            try await history.record(event("a2", at: 5), keeping: 50)

            let listed = try await history.events(accountID: "a1", limit: 10)
            #expect(listed == [event("a1", at: 10, outcome: .failed), event("a1", at: 0)])
            #expect(try await history.events(accountID: "a1", limit: 1).count == 1)
        }
    }

    @Test(arguments: StoreBackend.all)
    func eventsWithinOneSecondKeepTheirOrder(_ backend: StoreBackend) async throws {
        try await withAccounts(backend) { _, history, _ in
            for (offset, outcome) in [(0.1, LoginOutcome.failed), (0.5, .failed), (0.9, .succeeded)] {
                try await history.record(event("a1", at: offset, outcome: outcome), keeping: 50)
            }
            let listed = try await history.events(accountID: "a1", limit: 10)
            #expect(listed.map(\.outcome) == [.succeeded, .failed, .failed])
            #expect(Set(listed.map(\.occurredAt)) == [now], "times are whole seconds")
        }
    }

    @Test(arguments: StoreBackend.all)
    func theHistoryKeepsOnlyTheLatestEventsOfAnAccount(_ backend: StoreBackend) async throws {
        try await withAccounts(backend) { _, history, _ in
            for second in 0..<7 { try await history.record(event("a1", at: TimeInterval(second)), keeping: 5) }
            try await history.record(event("a2", at: 0), keeping: 5)

            let kept = try await history.events(accountID: "a1", limit: 50)
            #expect(kept.map(\.occurredAt) == (2..<7).reversed().map { now.addingTimeInterval(TimeInterval($0)) })
            #expect(try await history.events(accountID: "a2", limit: 50).count == 1, "another account's history is untouched")
        }
    }

    @Test(arguments: StoreBackend.all)
    func oldEventsArePurgedAndTheHistoryGoesWithTheAccount(_ backend: StoreBackend) async throws {
        try await withAccounts(backend) { _, history, accounts in
            try await history.record(event("a1", at: -100), keeping: 50)
            try await history.record(event("a1", at: 0), keeping: 50)
            try await history.record(event("a2", at: 0), keeping: 50)

            #expect(try await history.purge(before: now.addingTimeInterval(-50)) == 1)
            #expect(try await history.events(accountID: "a1", limit: 50) == [event("a1", at: 0)])

            #expect(try await accounts.delete(id: "a2"))
            #expect(try await history.events(accountID: "a2", limit: 50).isEmpty)
            // A login finishing while the account is deleted leaves no orphan.
            try await history.record(event("a2", at: 1), keeping: 50)
            #expect(try await history.events(accountID: "a2", limit: 50).isEmpty)
        }
    }
}
