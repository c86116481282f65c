import Foundation
import Testing

@testable import PforteStore

/// The service desk's changes and their audit rows (issue #22), on both backends: every action
/// commits with its audit row or not at all, a lock ends sessions and every token, and the trail
/// outlives the account.
@Suite struct ServiceDeskStoreTests {
    private let now = Fixture.now

    private func event(_ action: AuditAction, account: String? = "a1", id: String = UUID().uuidString, at time: Date? = nil,
                       reason: String? = nil) -> AuditTrailEntry {
        AuditTrailEntry(id: id, occurredAt: time ?? now, actor: "staff:desk@example.de", action: action, accountID: account, reason: reason)
    }

    /// Account `a1` with a live session whose redeemed code gave a refresh token to "portal".
    private func prepared(_ store: SQLStore) async throws -> (SessionRecord, GrantCredential) {
        try await SQLAccountStore(store: store).create(Fixture.newAccount(id: "a1", login: "erika@example.de"))
        let session = Fixture.session(accountID: "a1")
        try await SQLSessionStore(store: store).create(session)
        let code = GrantCredential(digest: Fixture.digest(), grantID: "g1", clientID: "portal", accountID: "a1", grant: Data("{}".utf8),
                                   sealedClaims: Fixture.sealed("claims"), createdAt: now, expiresAt: now.addingTimeInterval(60))
        try await SQLAuthorizationCodeStore(store: store).issue(code)
        let refresh = GrantCredential(digest: Fixture.digest(), grantID: "g1", clientID: "portal", accountID: "a1", grant: Data("{}".utf8),
                                      sealedClaims: Fixture.sealed("claims"), createdAt: now, expiresAt: now.addingTimeInterval(3600))
        let issue = TokenIssue(
            accessToken: AccessTokenRecord(tokenID: "at1", grantID: "g1", clientID: "portal", accountID: "a1",
                                           sealedClaims: Fixture.sealed("claims"), issuedAt: now, expiresAt: now.addingTimeInterval(300)),
            refreshToken: refresh, sessionLink: SessionLink(sessionDigest: session.idDigest, clientID: "portal", subject: "s")
        )
        _ = try await SQLAuthorizationCodeStore(store: store).redeem(digest: code.digest, now: now, issuing: issue)
        return (session, refresh)
    }

    @Test(arguments: StoreBackend.all)
    func aLockEndsEverySessionAndTokenAndIsAuditedWithIt(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let (session, refresh) = try await prepared(store)
            let desk = SQLServiceDeskStore(store: store)
            let ended = try await desk.lock(accountID: "a1", reason: "Betrugsverdacht", event: event(.lock, reason: "Betrugsverdacht"))
            #expect(ended == [EndedSession(idDigest: session.idDigest, accountID: "a1")])
            #expect(try await desk.lock(of: "a1") == AccountLock(accountID: "a1", lockedAt: now, lockedBy: "staff:desk@example.de",
                                                                 reason: "Betrugsverdacht"))
            #expect(try await SQLSessionStore(store: store).sessions(accountID: "a1", now: now).isEmpty)
            #expect(try await SQLRefreshTokenStore(store: store).find(digest: refresh.digest, now: now) == nil)
            #expect(try await SQLAccessTokenStore(store: store).find(tokenID: "at1", now: now) == nil)
            let claimed = try await SQLSessionLinkStore(store: store).claimEnded(now: now)
            #expect(claimed.map(\.clientID) == ["portal"], "the back-channel notifier finds the portal to tell")
            let trail = try await desk.events(accountID: "a1", actions: nil, limit: 10, offset: 0)
            #expect(trail.map(\.action) == [.lock])
            #expect(trail.first?.reason == "Betrugsverdacht")
        }
    }

    /// The audit row is the last write of the action's transaction: when it fails (here: a
    /// duplicate event id), the lock, the ended sessions and the revoked tokens roll back.
    @Test(arguments: StoreBackend.all)
    func anActionWhoseAuditRowFailsLeavesNothingBehind(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let (_, refresh) = try await prepared(store)
            let desk = SQLServiceDeskStore(store: store)
            try await desk.record(event(.lookUp, id: "e1"))
            await #expect(throws: (any Error).self) {
                _ = try await desk.lock(accountID: "a1", reason: "x", event: event(.lock, id: "e1"))
            }
            #expect(try await desk.lock(of: "a1") == nil)
            #expect(try await SQLSessionStore(store: store).sessions(accountID: "a1", now: now).count == 1)
            #expect(try await SQLRefreshTokenStore(store: store).find(digest: refresh.digest, now: now) != nil)
            await #expect(throws: (any Error).self) {
                _ = try await desk.delete(accountID: "a1", event: event(.deleteAccount, id: "e1"))
            }
            #expect(try await SQLAccountStore(store: store).find(id: "a1") != nil)
            #expect(try await desk.events(accountID: nil, actions: nil, limit: 10, offset: 0).map(\.action) == [.lookUp])
        }
    }

    @Test(arguments: StoreBackend.all)
    func anActionOnAMissingAccountWritesNoAuditRow(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let desk = SQLServiceDeskStore(store: store)
            let missing = AccountStoreError(.accountNotFound, "no account nobody")
            await #expect(throws: missing) {
                _ = try await desk.lock(accountID: "nobody", reason: "x", event: event(.lock, account: "nobody"))
            }
            await #expect(throws: missing) { _ = try await desk.unlock(accountID: "nobody", event: event(.unlock, account: "nobody")) }
            await #expect(throws: missing) {
                _ = try await desk.endSessions(accountID: "nobody", event: event(.endSessions, account: "nobody"))
            }
            let trail = try await desk.events(accountID: nil, actions: nil, limit: 10, offset: 0)
            #expect(trail.isEmpty)
        }
    }

    @Test(arguments: StoreBackend.all)
    func unlockLiftsOnlyTheLockAndTheTrailOutlivesTheAccount(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            _ = try await prepared(store)
            let desk = SQLServiceDeskStore(store: store)
            _ = try await desk.lock(accountID: "a1", reason: "x", event: event(.lock))
            #expect(try await desk.unlock(accountID: "a1", event: event(.unlock, at: now.addingTimeInterval(1))))
            #expect(try await desk.unlock(accountID: "a1", event: event(.unlock, at: now.addingTimeInterval(2))) == false)
            #expect(try await desk.lock(of: "a1") == nil)
            _ = try await desk.delete(accountID: "a1", event: event(.deleteAccount, at: now.addingTimeInterval(3)))
            #expect(try await SQLAccountStore(store: store).find(id: "a1") == nil)
            #expect(try await desk.events(accountID: "a1", actions: nil, limit: 10, offset: 0).map(\.action)
                == [.deleteAccount, .unlock, .unlock, .lock])
            #expect(try await desk.events(accountID: "a1", actions: [.lock, .unlock], limit: 10, offset: 0).count == 3)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aRecordedEventQueuesItsMailAndLinkInTheSameTransaction(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            _ = try await prepared(store)
            let desk = SQLServiceDeskStore(store: store)
            let link = LinkIssue(digest: Fixture.digest(), purpose: .activation, expiresAt: now.addingTimeInterval(3600))
            let mail = OutgoingMail(id: "m1", sealedContent: Fixture.sealed("activation mail"), queuedAt: now, origin: "node")
            try await desk.record(event(.resendActivation), link: link, mails: [mail])
            #expect(try await SQLMailTokenStore(store: store).find(digest: link.digest, purpose: .activation, now: now) != nil)
            #expect(try await SQLMailQueueStore(store: store).list(state: .queued, limit: 10).map(\.id) == ["m1"])
            let failing = OutgoingMail(id: "m2", sealedContent: Fixture.sealed("reset"), queuedAt: now, origin: "node")
            let duplicate = event(.passwordResetMail)
            try await desk.record(duplicate)
            await #expect(throws: (any Error).self) { try await desk.record(duplicate, link: nil, mails: [failing]) }
            #expect(try await SQLMailQueueStore(store: store).list(state: .queued, limit: 10).map(\.id) == ["m1"])
        }
    }
}
