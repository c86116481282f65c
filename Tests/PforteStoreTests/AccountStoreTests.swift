import Foundation
import Testing

@testable import PforteStore

@Suite struct AccountStoreTests {
    private let now = Fixture.now

    @Test(arguments: StoreBackend.all)
    func aRegistrationIsStoredPendingAndFoundByIdAndLogin(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let accounts = SQLAccountStore(store: store)
            let created = try await accounts.create(Fixture.newAccount(id: "a1", login: "erika@example.de"))
            #expect(created.status == .pendingActivation)
            #expect(created.activatedAt == nil && created.eidVerifiedAt == nil && created.lastLoginAt == nil)
            #expect(created.wrappedKeys.eID == nil)
            #expect(try await accounts.find(id: "a1") == created)
            #expect(try await accounts.find(byLogin: "erika@example.de") == created)
            #expect(try await accounts.find(byLogin: "other@example.de") == nil)
            #expect(try await accounts.find(id: "nobody") == nil)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aTakenLoginIsRefusedWhetherPendingOrActive(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let accounts = SQLAccountStore(store: store)
            try await accounts.create(Fixture.newAccount(id: "a1", login: "pending@example.de"))
            try await accounts.create(Fixture.newAccount(id: "a2", login: "active@example.de"))
            try await accounts.activate(id: "a2", at: now)
            for login in ["pending@example.de", "active@example.de"] {
                let error = await #expect(throws: AccountStoreError.self) {
                    try await accounts.create(Fixture.newAccount(login: login))
                }
                #expect(error?.code == .loginTaken)
            }
        }
    }

    /// Two nodes registering one address at once: the unique index lets one win, and the loser
    /// gets the typed error, not the driver's.
    @Test(arguments: StoreBackend.all)
    func ofConcurrentRegistrationsForOneLoginExactlyOneSucceeds(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let accounts = SQLAccountStore(store: store)
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        do {
                            try await accounts.create(Fixture.newAccount(login: "race@example.de"))
                            return true
                        } catch let error as AccountStoreError where error.code == .loginTaken {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aLoginNotInLowerCaseIsRefused(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let accounts = SQLAccountStore(store: store)
            let error = await #expect(throws: AccountStoreError.self) {
                try await accounts.create(Fixture.newAccount(login: "Erika@example.de"))
            }
            #expect(error?.code == .loginNotNormalised)
        }
    }

    @Test(arguments: StoreBackend.all)
    func activationHappensOnce(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let accounts = SQLAccountStore(store: store)
            try await accounts.create(Fixture.newAccount(id: "a1", login: "erika@example.de"))
            try await accounts.activate(id: "a1", at: now.addingTimeInterval(60))
            try await accounts.activate(id: "a1", at: now.addingTimeInterval(120))
            let account = try #require(try await accounts.find(id: "a1"))
            #expect(account.status == .active)
            #expect(account.activatedAt == now.addingTimeInterval(60))
            let error = await #expect(throws: AccountStoreError.self) { try await accounts.activate(id: "nobody", at: now) }
            #expect(error?.code == .accountNotFound)
        }
    }

    @Test(arguments: StoreBackend.all)
    func updatesChangeOnlyTheirFields(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let accounts = SQLAccountStore(store: store)
            var expected = try await accounts.create(Fixture.newAccount(id: "a1", login: "erika@example.de"))

            try await accounts.updatePasswordHash(id: "a1", passwordHash: "$argon2id$rehashed", wrappedKeys: nil)
            expected.passwordHash = "$argon2id$rehashed"
            #expect(try await accounts.find(id: "a1") == expected)

            let rewrapped = WrappedDataKeys(password: Fixture.sealed("new password key"), secretAnswer: Fixture.sealed("answer key"))
            try await accounts.updatePasswordHash(id: "a1", passwordHash: "$argon2id$reset", wrappedKeys: rewrapped)
            expected.passwordHash = "$argon2id$reset"
            expected.wrappedKeys = rewrapped
            #expect(try await accounts.find(id: "a1") == expected)

            expected.wrappedKeys.eID = Fixture.sealed("eID key")
            try await accounts.updateWrappedKeys(id: "a1", wrappedKeys: expected.wrappedKeys)
            expected.sealedProfile = Fixture.sealed("new profile")
            try await accounts.updateSealedProfile(id: "a1", sealedProfile: expected.sealedProfile)
            expected.eidVerifiedAt = now.addingTimeInterval(5)
            try await accounts.markEIDVerified(id: "a1", at: now.addingTimeInterval(5))
            expected.lastLoginAt = now.addingTimeInterval(9)
            try await accounts.recordLogin(id: "a1", at: now.addingTimeInterval(9))
            let account = try #require(try await accounts.find(id: "a1"))
            #expect(account == expected)
            #expect(account.isEIDVerified)
        }
    }

    @Test(arguments: StoreBackend.all)
    func updatingAMissingAccountIsAnError(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let accounts = SQLAccountStore(store: store)
            let updates: [@Sendable () async throws -> Void] = [
                { try await accounts.updatePasswordHash(id: "nobody", passwordHash: "x", wrappedKeys: nil) },
                { try await accounts.updateWrappedKeys(id: "nobody", wrappedKeys: WrappedDataKeys()) },
                { try await accounts.updateSealedProfile(id: "nobody", sealedProfile: Data()) },
                { try await accounts.markEIDVerified(id: "nobody", at: Fixture.now) },
                { try await accounts.recordLogin(id: "nobody", at: Fixture.now) },
                { try await accounts.changeLogin(id: "nobody", newLogin: "free@example.de") },
            ]
            for update in updates {
                let error = await #expect(throws: AccountStoreError.self) { try await update() }
                #expect(error?.code == .accountNotFound)
            }
        }
    }

    @Test(arguments: StoreBackend.all)
    func changingTheLoginFreesTheOldOneAndRefusesATakenOne(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let accounts = SQLAccountStore(store: store)
            try await accounts.create(Fixture.newAccount(id: "a1", login: "old@example.de"))
            try await accounts.create(Fixture.newAccount(id: "a2", login: "taken@example.de"))

            let error = await #expect(throws: AccountStoreError.self) {
                try await accounts.changeLogin(id: "a1", newLogin: "taken@example.de")
            }
            #expect(error?.code == .loginTaken)
            #expect(try await accounts.find(id: "a1")?.login == "old@example.de")

            try await accounts.changeLogin(id: "a1", newLogin: "new@example.de")
            #expect(try await accounts.find(byLogin: "new@example.de")?.id == "a1")
            #expect(try await accounts.find(byLogin: "old@example.de") == nil)
            try await accounts.create(Fixture.newAccount(id: "a3", login: "old@example.de"))
        }
    }

    @Test(arguments: StoreBackend.all)
    func deletionFreesTheLoginAtOnceAndTakesTokensAndSessionsAlong(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let accounts = SQLAccountStore(store: store)
            let tokens = SQLMailTokenStore(store: store)
            let sessions = SQLSessionStore(store: store)
            try await accounts.create(Fixture.newAccount(id: "gone", login: "erika@example.de"))
            try await accounts.create(Fixture.newAccount(id: "kept", login: "max@example.de"))
            let goneToken = Fixture.digest(), keptToken = Fixture.digest()
            try await tokens.issue(digest: goneToken, purpose: .passwordReset, accountID: "gone", sealedPayload: nil,
                                   expiresAt: now.addingTimeInterval(3600), now: now)
            try await tokens.issue(digest: keptToken, purpose: .passwordReset, accountID: "kept", sealedPayload: nil,
                                   expiresAt: now.addingTimeInterval(3600), now: now)
            let goneSession = Fixture.session(accountID: "gone"), keptSession = Fixture.session(accountID: "kept")
            try await sessions.create(goneSession)
            try await sessions.create(keptSession)

            #expect(try await accounts.delete(id: "gone") == true)
            #expect(try await accounts.delete(id: "gone") == false)

            #expect(try await accounts.find(id: "gone") == nil)
            try await accounts.create(Fixture.newAccount(id: "again", login: "erika@example.de"))
            #expect(try await tokens.find(digest: goneToken, purpose: .passwordReset, now: now) == nil)
            #expect(try await sessions.find(idDigest: goneSession.idDigest, now: now) == nil)
            #expect(try await tokens.find(digest: keptToken, purpose: .passwordReset, now: now) != nil)
            #expect(try await sessions.find(idDigest: keptSession.idDigest, now: now) == keptSession)
        }
    }

    @Test(arguments: StoreBackend.all)
    func purgeDeletesOnlyPendingRegistrationsOlderThanTheCutoff(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let accounts = SQLAccountStore(store: store)
            let cutoff = now.addingTimeInterval(-24 * 3600)
            try await accounts.create(Fixture.newAccount(id: "stale", login: "stale@example.de", createdAt: cutoff.addingTimeInterval(-1)))
            try await accounts.create(Fixture.newAccount(id: "fresh", login: "fresh@example.de", createdAt: cutoff))
            try await accounts.create(Fixture.newAccount(id: "old-active", login: "active@example.de", createdAt: cutoff.addingTimeInterval(-3600)))
            try await accounts.activate(id: "old-active", at: cutoff)

            #expect(try await accounts.purgeUnactivated(createdBefore: cutoff) == 1)
            #expect(try await accounts.find(id: "stale") == nil)
            #expect(try await accounts.find(id: "fresh") != nil)
            #expect(try await accounts.find(id: "old-active") != nil)
        }
    }

    @Test(arguments: StoreBackend.all)
    func listPagesInOrderOfCreation(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let accounts = SQLAccountStore(store: store)
            for (index, id) in ["c", "a", "b"].enumerated() {
                try await accounts.create(Fixture.newAccount(id: id, login: "\(id)@example.de", createdAt: now.addingTimeInterval(Double(index))))
            }
            #expect(try await accounts.list(limit: 2, offset: 0).map(\.id) == ["c", "a"])
            #expect(try await accounts.list(limit: 2, offset: 2).map(\.id) == ["b"])
        }
    }

    /// Issue #7: the first federated login creates the anchor, later ones replace its profile;
    /// a local account with that id is never touched.
    @Test(arguments: StoreBackend.all)
    func aFederatedLoginCreatesTheAnchorOnceAndThenReplacesItsProfile(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let accounts = SQLAccountStore(store: store)
            try await accounts.recordFederatedLogin(id: "f1", login: "federated:f1", sealedProfile: Data([1]), at: now)
            let first = try #require(try await accounts.find(id: "f1"))
            #expect(first.status == .federated && first.login == "federated:f1" && first.sealedProfile == Data([1]))
            #expect(first.passwordHash.isEmpty && first.lastLoginAt == now)
            let later = now.addingTimeInterval(60)
            try await accounts.recordFederatedLogin(id: "f1", login: "federated:f1", sealedProfile: Data([2]), at: later)
            let second = try #require(try await accounts.find(id: "f1"))
            #expect(second.sealedProfile == Data([2]) && second.lastLoginAt == later && second.createdAt == first.createdAt)

            try await accounts.create(Fixture.newAccount(id: "local", login: "local@example.de"))
            await #expect(throws: (any Error).self) {
                try await accounts.recordFederatedLogin(id: "local", login: "federated:local", sealedProfile: Data([3]), at: later)
            }
            #expect(try await accounts.find(id: "local")?.login == "local@example.de")
        }
    }
}
