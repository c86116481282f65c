import Foundation
import Testing

@testable import PforteStore

/// A grant's tokens spent exactly once with their successors in the same transaction (issue #16),
/// the refresh reuse grace for confidential clients (issue #15) and the end of a grant with its
/// session (OIDC Back-Channel Logout 1.0 §2.7), on both backends with real concurrency.
@Suite struct TokenFamilyStoreTests {
    private let now = Fixture.now

    /// A store with account `a1` and a live session of it.
    private static func prepared(_ store: SQLStore, idleTimeoutSeconds: Int = 1200) async throws -> SessionRecord {
        try await SQLAccountStore(store: store).create(Fixture.newAccount(id: "a1", login: "erika@example.de"))
        let session = Fixture.session(accountID: "a1", idleTimeoutSeconds: idleTimeoutSeconds)
        try await SQLSessionStore(store: store).create(session)
        return session
    }

    private func credential(grantID: String, lifetime: TimeInterval = 3600) -> GrantCredential {
        GrantCredential(digest: Fixture.digest(), grantID: grantID, clientID: "portal", accountID: "a1", grant: Data("{}".utf8),
                        sealedClaims: Fixture.sealed("claims"), createdAt: now, expiresAt: now.addingTimeInterval(lifetime))
    }

    /// What one redemption or refresh of grant `grantID` yields.
    private func tokens(grantID: String, session: SessionRecord?) -> TokenIssue {
        TokenIssue(
            accessToken: AccessTokenRecord(tokenID: UUID().uuidString, grantID: grantID, clientID: "portal", accountID: "a1",
                                           sealedClaims: Fixture.sealed("claims"), issuedAt: now, expiresAt: now.addingTimeInterval(300)),
            refreshToken: credential(grantID: grantID),
            sessionLink: session.map { SessionLink(sessionDigest: $0.idDigest, clientID: "portal", subject: "s") }
        )
    }

    /// Whether every token of `issues` is live.
    private func live(_ issues: [TokenIssue], _ store: SQLStore, at time: Date) async throws -> [Bool] {
        var answers: [Bool] = []
        for issue in issues {
            answers.append(try await SQLAccessTokenStore(store: store).find(tokenID: issue.accessToken.tokenID, now: time) != nil)
            answers.append(try await SQLRefreshTokenStore(store: store).find(digest: issue.refreshToken.digest, now: time) != nil)
        }
        return answers
    }

    /// A family with a redeemed code; returns the code and what it issued.
    private func redeemedCode(_ store: SQLStore, session: SessionRecord) async throws -> (GrantCredential, TokenIssue) {
        let codes = SQLAuthorizationCodeStore(store: store)
        let code = credential(grantID: "g1", lifetime: 60)
        try await codes.issue(code)
        let first = tokens(grantID: "g1", session: session)
        #expect(try await codes.redeem(digest: code.digest, now: now, issuing: first) == .redeemed(code))
        return (code, first)
    }

    /// Runs `body` on a store with a live session and a redeemed code of family `g1`, with the
    /// code's tokens.
    private func withRedeemedCode(_ backend: StoreBackend, idleTimeoutSeconds: Int = 1200,
                                  _ body: (SQLStore, SessionRecord, TokenIssue, SQLRefreshTokenStore) async throws -> Void) async throws {
        try await backend.withMigratedStore { store in
            let session = try await Self.prepared(store, idleTimeoutSeconds: idleTimeoutSeconds)
            let (_, first) = try await redeemedCode(store, session: session)
            try await body(store, session, first, SQLRefreshTokenStore(store: store))
        }
    }

    @Test(arguments: StoreBackend.all)
    func ofConcurrentRedemptionsOfOneCodeOneWinsAndTheReplayRevokesItsTokens(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let session = try await Self.prepared(store)
            let codes = SQLAuthorizationCodeStore(store: store)
            let code = credential(grantID: "g1", lifetime: 60)
            try await codes.issue(code)
            let issues = (0..<16).map { _ in tokens(grantID: "g1", session: session) }
            let now = self.now
            let outcomes = try await withThrowingTaskGroup(of: CodeRedemption.self) { group in
                for issue in issues { group.addTask { try await codes.redeem(digest: code.digest, now: now, issuing: issue) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .redeemed(code) }.count == 1)
            #expect(outcomes.filter { $0 == .replayed(code) }.count == 15)
            #expect(try await live(issues, store, at: now).allSatisfy { !$0 }, "no token of the family survives the replay")
        }
    }

    @Test(arguments: StoreBackend.all)
    func ofConcurrentRefreshesWithoutGraceOneWinsAndTheFamilyEnds(_ backend: StoreBackend) async throws {
        try await withRedeemedCode(backend) { store, session, first, refresh in
            let issues = (0..<16).map { _ in tokens(grantID: "g1", session: session) }
            let now = self.now.addingTimeInterval(1)
            let outcomes = try await withThrowingTaskGroup(of: RefreshTokenUse.self) { group in
                for issue in issues {
                    group.addTask { try await refresh.use(digest: first.refreshToken.digest, now: now, reuseGrace: nil, issuing: issue) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .rotated(first.refreshToken) }.count == 1)
            // The first replay revokes the family; later ones find it revoked.
            #expect(outcomes.filter { $0 == .replayed(first.refreshToken) }.count >= 1)
            #expect(outcomes.allSatisfy { [.rotated(first.refreshToken), .replayed(first.refreshToken), .ended].contains($0) })
            #expect(try await live([first] + issues, store, at: now).allSatisfy { !$0 })
        }
    }

    @Test(arguments: StoreBackend.all)
    func withinTheGraceEveryConcurrentRefreshGetsLiveTokensOfTheFamily(_ backend: StoreBackend) async throws {
        try await withRedeemedCode(backend) { store, session, first, refresh in
            let issues = (0..<8).map { _ in tokens(grantID: "g1", session: session) }
            let now = self.now.addingTimeInterval(1)
            let outcomes = try await withThrowingTaskGroup(of: RefreshTokenUse.self) { group in
                for issue in issues {
                    group.addTask { try await refresh.use(digest: first.refreshToken.digest, now: now, reuseGrace: 10, issuing: issue) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .rotated(first.refreshToken) }.count == 1)
            #expect(outcomes.filter { $0 == .reused(first.refreshToken) }.count == 7)
            #expect(try await live(issues, store, at: now).allSatisfy { $0 }, "every answer's tokens work")

            // Each successor rotates on; the token used in parallel, presented after the grace,
            // is a stolen copy: the family ends.
            let next = tokens(grantID: "g1", session: session)
            #expect(try await refresh.use(digest: issues[3].refreshToken.digest, now: now.addingTimeInterval(5), reuseGrace: 10,
                                          issuing: next) == .rotated(issues[3].refreshToken))
            #expect(try await refresh.use(digest: first.refreshToken.digest, now: now.addingTimeInterval(11), reuseGrace: 10,
                                          issuing: tokens(grantID: "g1", session: session)) == .replayed(first.refreshToken))
            #expect(try await live(issues + [next], store, at: now.addingTimeInterval(11)).allSatisfy { !$0 })
            #expect(try await refresh.use(digest: next.refreshToken.digest, now: now.addingTimeInterval(12), reuseGrace: 10,
                                          issuing: tokens(grantID: "g1", session: session)) == .ended)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aReplayRacingTheWinnersNextRefreshLeavesNoTokenAlive(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let session = try await Self.prepared(store)
            let refresh = SQLRefreshTokenStore(store: store)
            for round in 0..<10 {
                let grantID = "race-\(round)"
                let codes = SQLAuthorizationCodeStore(store: store)
                let code = credential(grantID: grantID, lifetime: 60)
                try await codes.issue(code)
                let first = tokens(grantID: grantID, session: session)
                _ = try await codes.redeem(digest: code.digest, now: now, issuing: first)
                let second = tokens(grantID: grantID, session: session)
                _ = try await refresh.use(digest: first.refreshToken.digest, now: now, reuseGrace: nil, issuing: second)
                // The winner refreshes on while the copy of its first token is replayed.
                let third = tokens(grantID: grantID, session: session)
                let now = self.now
                async let onward = refresh.use(digest: second.refreshToken.digest, now: now, reuseGrace: nil, issuing: third)
                async let replay = refresh.use(digest: first.refreshToken.digest, now: now, reuseGrace: nil,
                                               issuing: tokens(grantID: grantID, session: session))
                #expect(try await replay == .replayed(first.refreshToken))
                _ = try await onward
                #expect(try await live([first, second, third], store, at: now).allSatisfy { !$0 }, "round \(round)")
            }
        }
    }

    @Test(arguments: StoreBackend.all)
    func aGrantEndsWithItsSession(_ backend: StoreBackend) async throws {
        try await withRedeemedCode(backend, idleTimeoutSeconds: 600) { store, session, first, refresh in
            let links = SQLSessionLinkStore(store: store)
            #expect(try await links.claimEnded(now: now).isEmpty)
            #expect(try await live([first], store, at: now).allSatisfy { $0 })

            // After the idle timeout nothing more is issued, and the claim of the ended session
            // revokes what was.
            let late = now.addingTimeInterval(601)
            #expect(try await refresh.use(digest: first.refreshToken.digest, now: late, reuseGrace: nil,
                                          issuing: tokens(grantID: "g1", session: session)) == .ended)
            #expect(try await refresh.find(digest: first.refreshToken.digest, now: late) != nil, "refused without being spent")
            #expect(try await links.claimEnded(now: late).map(\.sessionDigest) == [session.idDigest])
            #expect(try await live([first], store, at: now).allSatisfy { !$0 })

            // A code of a session that was logged out is not redeemed.
            let other = Fixture.session(accountID: "a1")
            try await SQLSessionStore(store: store).create(other)
            let codes = SQLAuthorizationCodeStore(store: store)
            let code = credential(grantID: "g2", lifetime: 60)
            try await codes.issue(code)
            _ = try await SQLSessionStore(store: store).delete(idDigest: other.idDigest)
            #expect(try await codes.redeem(digest: code.digest, now: now, issuing: tokens(grantID: "g2", session: other)) == .ended)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aWithdrawnConsentEndsTheClientsFamilies(_ backend: StoreBackend) async throws {
        try await withRedeemedCode(backend) { store, session, first, refresh in
            try await refresh.revokeAll(accountID: "a1", clientID: "portal", now: now)
            #expect(try await live([first], store, at: now).allSatisfy { !$0 })
            #expect(try await refresh.use(digest: first.refreshToken.digest, now: now, reuseGrace: 10,
                                          issuing: tokens(grantID: "g1", session: session)) == .ended)
        }
    }

    @Test(arguments: StoreBackend.all)
    func revokingOneRefreshTokenEndsItsFamilyAndFinishedFamiliesArePurged(_ backend: StoreBackend) async throws {
        try await withRedeemedCode(backend) { store, session, first, refresh in
            #expect(try await refresh.revoke(digest: first.refreshToken.digest, now: now) == first.refreshToken)
            #expect(try await live([first], store, at: now).allSatisfy { !$0 })
            #expect(try await refresh.revoke(digest: first.refreshToken.digest, now: now) == nil)
            #expect(try await SQLAuthorizationCodeStore(store: store).purgeExpired(now: now.addingTimeInterval(60)) == 1)
            _ = try await refresh.purgeExpired(now: now)
            let families = try await store.withConnection { try await $0.select().column("grant_id").from(SQLTokenFamily.table).all() }
            #expect(families.isEmpty)
        }
    }
}
