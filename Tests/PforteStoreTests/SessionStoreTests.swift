import Foundation
import SQLKit
import Testing

@testable import PforteStore

@Suite struct SessionStoreTests {
    private let now = Fixture.now

    /// A store with two accounts, `a1` and `a2`.
    private func withSessions(_ backend: StoreBackend, _ body: (SQLSessionStore) async throws -> Void) async throws {
        try await backend.withMigratedStore { store in
            let accounts = SQLAccountStore(store: store)
            try await accounts.create(Fixture.newAccount(id: "a1", login: "erika@example.de"))
            try await accounts.create(Fixture.newAccount(id: "a2", login: "max@example.de"))
            try await body(SQLSessionStore(store: store))
        }
    }

    @Test(arguments: StoreBackend.all)
    func aSessionIsFoundByItsDigestWhileItLasts(_ backend: StoreBackend) async throws {
        try await withSessions(backend) { sessions in
            var session = Fixture.session(accountID: "a1", idleTimeoutSeconds: 1200, lifetime: 3600)
            session.amr = ["pwd", "hwk"]
            try await sessions.create(session)
            #expect(try await sessions.find(idDigest: session.idDigest, now: now) == session)
            #expect(try await sessions.find(idDigest: Fixture.digest(), now: now) == nil)
            #expect(try await sessions.find(idDigest: session.idDigest, now: now.addingTimeInterval(1199)) != nil)
            #expect(try await sessions.find(idDigest: session.idDigest, now: now.addingTimeInterval(1200)) == nil)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aSessionForAMissingAccountIsRefused(_ backend: StoreBackend) async throws {
        try await withSessions(backend) { sessions in
            let error = await #expect(throws: AccountStoreError.self) {
                try await sessions.create(Fixture.session(accountID: "nobody"))
            }
            #expect(error?.code == .accountNotFound)
        }
    }

    @Test(arguments: StoreBackend.all)
    func touchingRestartsTheIdleTimerUpToTheAbsoluteExpiry(_ backend: StoreBackend) async throws {
        try await withSessions(backend) { sessions in
            let session = Fixture.session(accountID: "a1", idleTimeoutSeconds: 1200, lifetime: 3000)
            try await sessions.create(session)
            let digest = session.idDigest

            #expect(try await sessions.touch(idDigest: digest, lastSeenAt: now.addingTimeInterval(1000)) == true)
            #expect(try await sessions.find(idDigest: digest, now: now.addingTimeInterval(2100))?.lastSeenAt == now.addingTimeInterval(1000))
            // An older request finishing late does not move the timer back.
            #expect(try await sessions.touch(idDigest: digest, lastSeenAt: now.addingTimeInterval(500)) == true)
            #expect(try await sessions.find(idDigest: digest, now: now.addingTimeInterval(2100)) != nil)

            #expect(try await sessions.touch(idDigest: digest, lastSeenAt: now.addingTimeInterval(2000)) == true)
            #expect(try await sessions.find(idDigest: digest, now: now.addingTimeInterval(3000)) == nil, "absolute expiry")
            #expect(try await sessions.touch(idDigest: digest, lastSeenAt: now.addingTimeInterval(3000)) == false)
        }
    }

    @Test(arguments: StoreBackend.all)
    func anIdleSessionCannotBeTouchedBackToLife(_ backend: StoreBackend) async throws {
        try await withSessions(backend) { sessions in
            let session = Fixture.session(accountID: "a1", idleTimeoutSeconds: 1200)
            try await sessions.create(session)
            #expect(try await sessions.touch(idDigest: session.idDigest, lastSeenAt: now.addingTimeInterval(1200)) == false)
            #expect(try await sessions.find(idDigest: session.idDigest, now: now.addingTimeInterval(1200)) == nil)
            #expect(try await sessions.touch(idDigest: Fixture.digest(), lastSeenAt: now) == false)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aStepUpUpdatesTheAuthentication(_ backend: StoreBackend) async throws {
        try await withSessions(backend) { sessions in
            var session = Fixture.session(accountID: "a1")
            try await sessions.create(session)
            session.trustLevel = "hoch"
            session.amr = ["pwd", "eid"]
            session.authTime = now.addingTimeInterval(30)
            session.sealedPayload = Fixture.sealed("with eID data")
            session.levelAuthTimes = ["hoch": session.authTime, "substantiell": session.authTime]
            try await sessions.updateAuthentication(idDigest: session.idDigest, trustLevel: "hoch", amr: ["pwd", "eid"],
                                                    authTime: session.authTime, levelAuthTimes: session.levelAuthTimes,
                                                    sealedPayload: session.sealedPayload)
            #expect(try await sessions.find(idDigest: session.idDigest, now: now) == session)

            let error = await #expect(throws: AccountStoreError.self) {
                try await sessions.updateAuthentication(idDigest: Fixture.digest(), trustLevel: "hoch", amr: [], authTime: now,
                                                        levelAuthTimes: [:], sealedPayload: Data())
            }
            #expect(error?.code == .sessionNotFound)
        }
    }

    @Test(arguments: StoreBackend.all)
    func rotationReplacesTheSessionAndReportsTheEndedOne(_ backend: StoreBackend) async throws {
        try await withSessions(backend) { sessions in
            let old = Fixture.session(accountID: "a1")
            try await sessions.create(old)
            let new = Fixture.session(accountID: "a2", at: now.addingTimeInterval(5))
            let ended = try await sessions.rotate(oldDigest: old.idDigest, newSession: new)
            #expect(ended == EndedSession(idDigest: old.idDigest, accountID: "a1"))
            #expect(try await sessions.find(idDigest: old.idDigest, now: now.addingTimeInterval(5)) == nil)
            #expect(try await sessions.find(idDigest: new.idDigest, now: now.addingTimeInterval(5)) == new)

            let late = Fixture.session(accountID: "a1")
            let error = await #expect(throws: AccountStoreError.self) {
                try await sessions.rotate(oldDigest: old.idDigest, newSession: late)
            }
            #expect(error?.code == .sessionNotFound)
            #expect(try await sessions.find(idDigest: late.idDigest, now: now) == nil)
        }
    }

    /// When the new session cannot be stored, the old one is not lost either.
    @Test(arguments: StoreBackend.all)
    func aFailedRotationKeepsTheOldSession(_ backend: StoreBackend) async throws {
        try await withSessions(backend) { sessions in
            let old = Fixture.session(accountID: "a1")
            try await sessions.create(old)
            let error = await #expect(throws: AccountStoreError.self) {
                try await sessions.rotate(oldDigest: old.idDigest, newSession: Fixture.session(accountID: "nobody"))
            }
            #expect(error?.code == .accountNotFound)
            #expect(try await sessions.find(idDigest: old.idDigest, now: now) == old)
        }
    }

    /// Two logins racing from one browser session (double submit, two nodes): one rotation
    /// wins, and exactly one new session exists.
    @Test(arguments: StoreBackend.all)
    func ofConcurrentRotationsOfOneSessionExactlyOneSucceeds(_ backend: StoreBackend) async throws {
        try await withSessions(backend) { sessions in
            let old = Fixture.session(accountID: "a1")
            try await sessions.create(old)
            let candidates = (0..<8).map { _ in Fixture.session(accountID: "a1") }
            let winners = try await withThrowingTaskGroup(of: SecretDigest?.self) { group in
                for candidate in candidates {
                    group.addTask {
                        do {
                            try await sessions.rotate(oldDigest: old.idDigest, newSession: candidate)
                            return candidate.idDigest
                        } catch let error as AccountStoreError where error.code == .sessionNotFound {
                            return nil
                        }
                    }
                }
                return try await group.reduce(into: [SecretDigest]()) { if let digest = $1 { $0.append(digest) } }
            }
            #expect(winners.count == 1)
            var stored: [SecretDigest] = []
            for candidate in candidates where try await sessions.find(idDigest: candidate.idDigest, now: now) != nil {
                stored.append(candidate.idDigest)
            }
            #expect(stored == winners)
        }
    }

    @Test(arguments: StoreBackend.all)
    func purgeEndsSessionsByIdleTimeAndByAbsoluteExpiry(_ backend: StoreBackend) async throws {
        try await withSessions(backend) { sessions in
            let idle = Fixture.session(accountID: "a1", idleTimeoutSeconds: 600, lifetime: 12 * 3600)
            let absolute = Fixture.session(accountID: "a2", idleTimeoutSeconds: 1200, lifetime: 1000)
            let alive = Fixture.session(accountID: "a1", idleTimeoutSeconds: 1200, lifetime: 12 * 3600)
            for session in [idle, absolute, alive] { try await sessions.create(session) }
            _ = try await sessions.touch(idDigest: absolute.idDigest, lastSeenAt: now.addingTimeInterval(900))
            _ = try await sessions.touch(idDigest: alive.idDigest, lastSeenAt: now.addingTimeInterval(900))

            let purged = try await sessions.purgeExpired(now: now.addingTimeInterval(1000))
            #expect(Set(purged) == [EndedSession(idDigest: idle.idDigest, accountID: "a1"),
                                    EndedSession(idDigest: absolute.idDigest, accountID: "a2")])
            #expect(try await sessions.purgeExpired(now: now.addingTimeInterval(1000)).isEmpty)
            #expect(try await sessions.find(idDigest: alive.idDigest, now: now.addingTimeInterval(1000)) != nil)
        }
    }

    @Test(arguments: StoreBackend.all)
    func loggingOutEverywhereEndsOnlyTheAccountsSessions(_ backend: StoreBackend) async throws {
        try await withSessions(backend) { sessions in
            let first = Fixture.session(accountID: "a1"), second = Fixture.session(accountID: "a1")
            let other = Fixture.session(accountID: "a2")
            for session in [first, second, other] { try await sessions.create(session) }

            let ended = try await sessions.deleteAll(accountID: "a1")
            #expect(Set(ended) == [EndedSession(idDigest: first.idDigest, accountID: "a1"),
                                   EndedSession(idDigest: second.idDigest, accountID: "a1")])
            #expect(try await sessions.find(idDigest: other.idDigest, now: now) == other)
            #expect(try await sessions.delete(idDigest: other.idDigest) == true)
            #expect(try await sessions.delete(idDigest: other.idDigest) == false)
        }
    }

    /// Sessions live when the level times came (migration 13) count as authenticated at their
    /// level when they last authenticated, so no citizen is asked for the card again at once.
    @Test(arguments: StoreBackend.all)
    func liveSessionsKeepTheirLevelAcrossTheMigration(_ backend: StoreBackend) async throws {
        try await backend.withFreshStore { configuration in
            let store = try SQLStore.open(configuration, logger: StoreBackend.logger)
            do {
                let before = Migration.all.filter { $0.version < Migration.levelAuthTimes.version }
                try await Migrator(store: store, migrations: before, logger: StoreBackend.logger).migrate()
                try await SQLAccountStore(store: store).create(Fixture.newAccount(id: "a1", login: "erika@example.de"))
                let levels = ["normal", "substantiell", "hoch"]
                var digests: [String: SecretDigest] = [:]
                for level in levels {
                    let session = Fixture.session(accountID: "a1")
                    digests[level] = session.idDigest
                    try await store.withConnection { database in
                        try await database.insert(into: SQLSessionStore.table)
                            .columns("id_digest", "account_id", "sealed_payload", "trust_level", "amr", "auth_time", "created_at",
                                     "last_seen_at", "expires_at", "idle_timeout_seconds", "idle_expires_at")
                            .values(SQLBind(session.idDigest.bytes), SQLBind("a1"), SQLBind(session.sealedPayload), SQLBind(level),
                                    SQLBind("pwd"), SQLBind(session.authTime.unixSeconds), SQLBind(session.createdAt.unixSeconds),
                                    SQLBind(session.lastSeenAt.unixSeconds), SQLBind(session.expiresAt.unixSeconds),
                                    SQLBind(Int64(1200)), SQLBind(session.lastSeenAt.unixSeconds + 1200))
                            .run()
                    }
                }
                try await Migrator(store: store, logger: StoreBackend.logger).migrate()
                let sessions = SQLSessionStore(store: store)
                let found = try await sessions.find(idDigest: try #require(digests["normal"]), now: now)
                #expect(found?.levelAuthTimes == [:])
                #expect(try await sessions.find(idDigest: try #require(digests["substantiell"]), now: now)?.levelAuthTimes == ["substantiell": now])
                #expect(try await sessions.find(idDigest: try #require(digests["hoch"]), now: now)?.levelAuthTimes
                    == ["substantiell": now, "hoch": now])
            } catch {
                Issue.record(error)
            }
            try await store.close()
        }
    }
}
