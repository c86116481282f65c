import Foundation
import Testing

@testable import PforteStore

/// The OIDC provider's stores (issue #4) on both backends: one-time codes and pushed requests,
/// refresh-token rotation with family revocation, access-token revocation, consents, and the
/// session links that drive back-channel logout.
@Suite struct OIDCStoreTests {
    private let now = Fixture.now

    private func credential(grantID: String = "g1", clientID: String = "portal", accountID: String = "a1",
                            lifetime: TimeInterval = 60) -> GrantCredential {
        GrantCredential(digest: Fixture.digest(), grantID: grantID, clientID: clientID, accountID: accountID,
                        grant: Data("{}".utf8), sealedClaims: Fixture.sealed("claims"), createdAt: now,
                        expiresAt: now.addingTimeInterval(lifetime))
    }

    private func accessToken(_ id: String, grantID: String = "g1", accountID: String? = "a1") -> AccessTokenRecord {
        AccessTokenRecord(tokenID: id, grantID: grantID, clientID: "portal", accountID: accountID,
                          sealedClaims: accountID == nil ? nil : Fixture.sealed("claims"), issuedAt: now,
                          expiresAt: now.addingTimeInterval(300))
    }

    private static func prepared(_ store: SQLStore) async throws {
        try await SQLAccountStore(store: store).create(Fixture.newAccount(id: "a1", login: "erika@example.de"))
    }

    /// What one redemption or refresh of grant `grantID` yields (no session behind it).
    private func tokens(grantID: String = "g1", accountID: String = "a1") -> TokenIssue {
        TokenIssue(accessToken: accessToken(UUID().uuidString, grantID: grantID, accountID: accountID),
                   refreshToken: credential(grantID: grantID, lifetime: 3600), sessionLink: nil)
    }

    @Test(arguments: StoreBackend.all)
    func aCodeIsRedeemedOnceAndItsReplayIsRecognised(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            try await Self.prepared(store)
            let codes = SQLAuthorizationCodeStore(store: store)
            let code = credential()
            try await codes.issue(code)
            #expect(try await codes.find(digest: code.digest) == code)
            #expect(try await codes.redeem(digest: code.digest, now: now, issuing: tokens()) == .redeemed(code))
            #expect(try await codes.redeem(digest: code.digest, now: now.addingTimeInterval(5), issuing: tokens()) == .replayed(code))
            #expect(try await codes.redeem(digest: Fixture.digest(), now: now, issuing: tokens()) == .unknown)
            let late = credential(grantID: "g2")
            try await codes.issue(late)
            #expect(try await codes.redeem(digest: late.digest, now: now.addingTimeInterval(60), issuing: tokens(grantID: "g2")) == .unknown,
                    "expired after 60 s")
            #expect(try await codes.purgeExpired(now: now.addingTimeInterval(61)) == 2)
            #expect(try await codes.find(digest: code.digest) == nil)
            await #expect(throws: AccountStoreError.self) { try await codes.issue(credential(accountID: "nobody")) }
        }
    }

    /// Tokens for an account deleted while its code or refresh token was in flight are refused
    /// as such, and the redemption writes nothing: the code can still be recognised afterwards.
    @Test(arguments: StoreBackend.all)
    func tokensForAnAccountThatIsGoneAreRefusedWithoutAPartialWrite(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            try await Self.prepared(store)
            let codes = SQLAuthorizationCodeStore(store: store)
            let refresh = SQLRefreshTokenStore(store: store)
            let code = credential()
            try await codes.issue(code)
            let redeeming = await #expect(throws: AccountStoreError.self) {
                try await codes.redeem(digest: code.digest, now: now, issuing: tokens(accountID: "gone"))
            }
            #expect(redeeming?.code == .accountNotFound)
            let first = tokens()
            #expect(try await codes.redeem(digest: code.digest, now: now, issuing: first) == .redeemed(code), "the failed try spent nothing")
            let refreshing = await #expect(throws: AccountStoreError.self) {
                try await refresh.use(digest: first.refreshToken.digest, now: now, reuseGrace: nil, issuing: tokens(accountID: "gone"))
            }
            #expect(refreshing?.code == .accountNotFound)
            #expect(try await refresh.find(digest: first.refreshToken.digest, now: now) == first.refreshToken)
        }
    }

    @Test(arguments: StoreBackend.all)
    func refreshTokensRotateAndAReplayRevokesTheFamily(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            try await Self.prepared(store)
            let codes = SQLAuthorizationCodeStore(store: store)
            let refresh = SQLRefreshTokenStore(store: store)
            let access = SQLAccessTokenStore(store: store)
            let code = credential()
            try await codes.issue(code)
            let first = tokens()
            #expect(try await codes.redeem(digest: code.digest, now: now, issuing: first) == .redeemed(code))
            #expect(try await refresh.find(digest: first.refreshToken.digest, now: now) == first.refreshToken)
            let second = tokens()
            #expect(try await refresh.use(digest: first.refreshToken.digest, now: now, reuseGrace: nil, issuing: second)
                    == .rotated(first.refreshToken))
            #expect(try await refresh.find(digest: first.refreshToken.digest, now: now) == nil, "a spent token is not active")
            #expect(try await refresh.record(digest: first.refreshToken.digest) == first.refreshToken, "but still known")
            #expect(try await access.find(tokenID: second.accessToken.tokenID, now: now) != nil)
            try await access.save(accessToken("other-family", grantID: "g2"))

            #expect(try await refresh.use(digest: first.refreshToken.digest, now: now, reuseGrace: nil, issuing: tokens())
                    == .replayed(first.refreshToken))
            #expect(try await refresh.use(digest: second.refreshToken.digest, now: now, reuseGrace: nil, issuing: tokens()) == .ended)
            #expect(try await access.find(tokenID: first.accessToken.tokenID, now: now) == nil)
            #expect(try await access.find(tokenID: second.accessToken.tokenID, now: now) == nil)
            #expect(try await access.find(tokenID: "other-family", now: now) != nil)
        }
    }

    @Test(arguments: StoreBackend.all)
    func revokingTokensOneByOneAndPerClient(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            try await Self.prepared(store)
            let refresh = SQLRefreshTokenStore(store: store)
            let access = SQLAccessTokenStore(store: store)
            try await access.save(accessToken("machine", grantID: "m", accountID: nil))
            #expect(try await access.find(tokenID: "machine", now: now)?.accountID == nil)
            #expect(try await access.revoke(tokenID: "machine"))
            #expect(try await access.revoke(tokenID: "machine") == false)

            let token = credential(lifetime: 3600)
            try await refresh.issue(token)
            try await access.save(accessToken("at-1"))
            #expect(try await refresh.revoke(digest: token.digest, now: now) == token)
            #expect(try await access.find(tokenID: "at-1", now: now) == nil, "the family's access tokens go with it")

            try await refresh.issue(credential(grantID: "g3", lifetime: 3600))
            try await access.save(accessToken("at-3", grantID: "g3"))
            try await refresh.revokeAll(accountID: "a1", clientID: "portal", now: now)
            #expect(try await access.find(tokenID: "at-3", now: now) == nil)
            #expect(try await access.purgeExpired(now: now.addingTimeInterval(301)) == 0)
        }
    }

    @Test(arguments: StoreBackend.all)
    func pushedAndPendingRequestsAreSeparateAndFinishOnce(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let pending = SQLPendingAuthorizationStore(store: store)
            let digest = Fixture.digest()
            let record = PendingAuthorizationRecord(handleDigest: digest, kind: .pushed, request: Data("{}".utf8),
                                                    createdAt: now, expiresAt: now.addingTimeInterval(60))
            try await pending.create(record)
            #expect(try await pending.find(handleDigest: digest, kind: .pending, now: now) == nil)
            #expect(try await pending.find(handleDigest: digest, kind: .pushed, now: now) == record)
            #expect(try await pending.finish(handleDigest: digest, kind: .pushed, now: now) == record)
            #expect(try await pending.finish(handleDigest: digest, kind: .pushed, now: now) == nil)
            let late = PendingAuthorizationRecord(handleDigest: Fixture.digest(), request: Data("{}".utf8),
                                                  createdAt: now, expiresAt: now.addingTimeInterval(60))
            try await pending.create(late)
            #expect(try await pending.finish(handleDigest: late.handleDigest, kind: .pending, now: now.addingTimeInterval(60)) == nil)
            #expect(try await pending.purgeExpired(now: now.addingTimeInterval(60)) == 1)
        }
    }

    @Test(arguments: StoreBackend.all)
    func consentsAreRememberedListedAndWithdrawn(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            try await Self.prepared(store)
            let consents = SQLConsentStore(store: store)
            let first = ConsentRecord(accountID: "a1", clientID: "portal", claims: ["email"], grantedAt: now)
            try await consents.save(first)
            let wider = ConsentRecord(accountID: "a1", clientID: "portal", claims: ["email", "name"], grantedAt: now.addingTimeInterval(9))
            try await consents.save(wider)
            try await consents.save(ConsentRecord(accountID: "a1", clientID: "app", claims: [], grantedAt: now))
            #expect(try await consents.find(accountID: "a1", clientID: "portal") == wider)
            #expect(try await consents.list(accountID: "a1").map(\.clientID) == ["app", "portal"])
            #expect(try await consents.delete(accountID: "a1", clientID: "portal"))
            #expect(try await consents.delete(accountID: "a1", clientID: "portal") == false)
            #expect(try await consents.find(accountID: "a1", clientID: "portal") == nil)
            await #expect(throws: AccountStoreError.self) {
                try await consents.save(ConsentRecord(accountID: "nobody", clientID: "portal", claims: [], grantedAt: now))
            }
        }
    }

    @Test(arguments: StoreBackend.all)
    func sessionLinksAreClaimedOnceWhenTheSessionEnds(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            try await Self.prepared(store)
            let sessions = SQLSessionStore(store: store)
            let links = SQLSessionLinkStore(store: store)
            let active = Fixture.session(accountID: "a1", idleTimeoutSeconds: 600)
            let loggedOut = Fixture.session(accountID: "a1")
            let idle = Fixture.session(accountID: "a1", idleTimeoutSeconds: 60)
            for session in [active, loggedOut, idle] { try await sessions.create(session) }
            for session in [active, loggedOut, idle] {
                try await links.link(SessionLink(sessionDigest: session.idDigest, clientID: "portal", subject: "s"), now: now)
            }
            try await links.link(SessionLink(sessionDigest: active.idDigest, clientID: "portal", subject: "s"), now: now)
            #expect(try await links.claimEnded(now: now).isEmpty)

            try await sessions.delete(idDigest: loggedOut.idDigest)
            let later = now.addingTimeInterval(120)
            let ended = try await links.claimEnded(now: later)
            #expect(Set(ended.map(\.sessionDigest)) == [loggedOut.idDigest, idle.idDigest])
            #expect(try await links.claimEnded(now: later).isEmpty, "each link is claimed once")
        }
    }
}
