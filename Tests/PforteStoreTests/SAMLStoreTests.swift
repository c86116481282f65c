import Foundation
import Testing

@testable import PforteStore

@Suite struct SAMLStoreTests {
    private func participant(_ session: SecretDigest, sp: String, index: String, expiresAt: Date = Fixture.now.addingTimeInterval(3600))
        -> SAMLParticipantRecord {
        SAMLParticipantRecord(sessionDigest: session, serviceProvider: sp, nameID: "nid-\(sp)", nameIDFormat: "persistent",
                              sessionIndex: index, expiresAt: expiresAt)
    }

    @Test(arguments: StoreBackend.all)
    func participantsAreFoundBySessionAndBySessionIndex(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let participants = SQLSAMLParticipantStore(store: store)
            let session = Fixture.digest()
            let other = Fixture.digest()
            _ = try await participants.record(participant(session, sp: "https://b.example", index: "_b"))
            _ = try await participants.record(participant(session, sp: "https://a.example", index: "_a"))
            _ = try await participants.record(participant(other, sp: "https://a.example", index: "_other"))

            #expect(try await participants.find(sessionDigest: session, serviceProvider: "https://a.example")?.sessionIndex == "_a")
            #expect(try await participants.find(serviceProvider: "https://b.example", sessionIndex: "_b")?.sessionDigest == session)
            #expect(try await participants.find(serviceProvider: "https://a.example", sessionIndex: "_b") == nil)
            #expect(try await participants.list(sessionDigest: session).map(\.serviceProvider) == ["https://a.example", "https://b.example"])

            // A second assertion to one SP in one session updates the first but keeps its index.
            var again = participant(session, sp: "https://a.example", index: "_a-second")
            again.nameID = "transient-2"
            #expect(try await participants.record(again).sessionIndex == "_a")
            #expect(try await participants.list(sessionDigest: session).count == 2)
            let stored = try await participants.find(sessionDigest: session, serviceProvider: "https://a.example")
            #expect(stored?.nameID == "transient-2" && stored?.sessionIndex == "_a")

            let removed = try await participants.removeAll(sessionDigest: session)
            #expect(removed.map(\.serviceProvider) == ["https://a.example", "https://b.example"])
            #expect(try await participants.list(sessionDigest: session).isEmpty)
            #expect(try await participants.list(sessionDigest: other).count == 1)
        }
    }

    /// Two nodes asserting to one SP for one session at the same moment (seen under load on
    /// PostgreSQL, where a look-up and an insert raced into a duplicate key).
    @Test(arguments: StoreBackend.all)
    func concurrentAssertionsToOneSPShareOneSessionIndex(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let participants = SQLSAMLParticipantStore(store: store)
            let session = Fixture.digest()
            let indexes = try await withThrowingTaskGroup(of: String.self) { group in
                for attempt in 0..<16 {
                    group.addTask {
                        try await participants.record(self.participant(session, sp: "https://a.example", index: "_\(attempt)")).sessionIndex
                    }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(indexes.count == 1)
            #expect(try await participants.list(sessionDigest: session).map(\.sessionIndex) == Array(indexes))
        }
    }

    @Test(arguments: StoreBackend.all)
    func expiredParticipantsArePurged(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let participants = SQLSAMLParticipantStore(store: store)
            let session = Fixture.digest()
            _ = try await participants.record(participant(session, sp: "https://old.example", index: "_o", expiresAt: Fixture.now))
            _ = try await participants.record(participant(session, sp: "https://live.example", index: "_l"))
            #expect(try await participants.purgeExpired(now: Fixture.now) == 1)
            #expect(try await participants.list(sessionDigest: session).map(\.serviceProvider) == ["https://live.example"])
        }
    }

    @Test(arguments: StoreBackend.all)
    func aPendingExchangeIsFinishedOnceAndExpires(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let pending = SQLSAMLPendingStore(store: store)
            let handle = Fixture.digest()
            let record = SAMLPendingRecord(handleDigest: handle, kind: .authnRequest, payload: Data(#"{"id":"_r"}"#.utf8),
                                           expiresAt: Fixture.now.addingTimeInterval(60))
            try await pending.create(record)
            #expect(try await pending.find(handleDigest: handle, kind: .authnRequest, now: Fixture.now) == record)
            #expect(try await pending.find(handleDigest: handle, kind: .logout, now: Fixture.now) == nil)
            #expect(try await pending.find(handleDigest: handle, kind: .authnRequest, now: Fixture.now.addingTimeInterval(60)) == nil)

            #expect(try await pending.update(handleDigest: handle, payload: Data("{}".utf8), now: Fixture.now))
            #expect(try await pending.find(handleDigest: handle, kind: .authnRequest, now: Fixture.now)?.payload == Data("{}".utf8))

            let finishes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<4 {
                    group.addTask { (try? await pending.finish(handleDigest: handle, kind: .authnRequest, now: Fixture.now)) != nil }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(finishes.filter { $0 }.count == 1)
            #expect(try await pending.update(handleDigest: handle, payload: Data(), now: Fixture.now) == false)

            try await pending.create(SAMLPendingRecord(handleDigest: Fixture.digest(), kind: .logout, payload: Data("{}".utf8),
                                                       expiresAt: Fixture.now))
            #expect(try await pending.purgeExpired(now: Fixture.now) == 1)
        }
    }

    @Test(arguments: StoreBackend.all)
    func consentsAreReplacedAndGoWithTheAccount(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let accounts = SQLAccountStore(store: store)
            try await accounts.create(Fixture.newAccount(id: "a1", login: "erika@example.de"))
            let consents = SQLSAMLConsentStore(store: store)
            let first = SAMLConsentRecord(accountID: "a1", relyingParty: "https://sp.example", attributes: ["mail"], grantedAt: Fixture.now)
            try await consents.save(first)
            #expect(try await consents.find(accountID: "a1", relyingParty: "https://sp.example") == first)
            let wider = SAMLConsentRecord(accountID: "a1", relyingParty: "https://sp.example", attributes: ["mail", "sn"],
                                          grantedAt: Fixture.now.addingTimeInterval(10))
            try await consents.save(wider)
            #expect(try await consents.find(accountID: "a1", relyingParty: "https://sp.example") == wider)
            #expect(try await consents.find(accountID: "a1", relyingParty: "https://other.example") == nil)
            let other = SAMLConsentRecord(accountID: "a1", relyingParty: "https://a.example", attributes: [], grantedAt: Fixture.now)
            try await consents.save(other)
            #expect(try await consents.list(accountID: "a1") == [other, wider])
            #expect(try await consents.delete(accountID: "a1", relyingParty: "https://a.example"))
            #expect(try await consents.delete(accountID: "a1", relyingParty: "https://a.example") == false)
            #expect(try await consents.list(accountID: "a1") == [wider])

            await #expect(throws: AccountStoreError.self) {
                try await consents.save(SAMLConsentRecord(accountID: "nobody", relyingParty: "x", attributes: [], grantedAt: Fixture.now))
            }
            try await accounts.delete(id: "a1")
            #expect(try await consents.find(accountID: "a1", relyingParty: "https://sp.example") == nil)
        }
    }
}
