import Foundation
import SQLKit
import Testing

@testable import PforteStore

/// What the stores refuse rather than guess: values this Pforte never writes, rows for an
/// account or organisation that is gone, and the limits of a connection.
@Suite struct StoreRefusalTests {
    private let now = Fixture.now

    @Test(arguments: StoreBackend.all)
    func aStoredValueThisPforteNeverWritesIsAnErrorNotAGuess(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let accounts = SQLAccountStore(store: store)
            try await accounts.create(Fixture.newAccount(id: "a1", login: "erika@example.de"))
            let sessions = SQLSessionStore(store: store)
            let session = Fixture.session(accountID: "a1")
            try await sessions.create(session)
            try await store.withConnection { database in
                try await database.update(SQLAccountStore.table).set("status", to: "sleeping").where("id", .equal, "a1").run()
                try await database.update(SQLSessionStore.table).set("level_auth_times", to: "hoch:yesterday")
                    .where("id_digest", .equal, session.idDigest.bytes).run()
            }
            let account = await #expect(throws: AccountStoreError.self) { try await accounts.find(id: "a1") }
            #expect(account?.code == .unreadableValue)
            let levels = await #expect(throws: AccountStoreError.self) { try await sessions.find(idDigest: session.idDigest, now: now) }
            #expect(levels?.code == .unreadableValue)
        }
    }

    @Test(arguments: StoreBackend.all)
    func rowsForAnAccountOrOrganisationThatIsGoneAreRefused(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let token = AccessTokenRecord(tokenID: "t1", grantID: "g1", clientID: "portal", accountID: "gone",
                                          sealedClaims: Fixture.sealed("claims"), issuedAt: now, expiresAt: now.addingTimeInterval(300))
            let access = await #expect(throws: AccountStoreError.self) { try await SQLAccessTokenStore(store: store).save(token) }
            #expect(access?.code == .accountNotFound)
            let key = AccountSealingKeyRecord(accountID: "gone", publicKey: Data("p".utf8), sealedPrivateKey: Fixture.sealed("k"))
            let sealing = await #expect(throws: AccountStoreError.self) {
                try await SQLAccountSealingKeyStore(store: store).createIfAbsent(key)
            }
            #expect(sealing?.code == .accountNotFound)
            let invitation = InvitationRecord(digest: Fixture.digest(), organisationID: "gone", email: "x@example.de", createdAt: now,
                                              expiresAt: now.addingTimeInterval(86400))
            let invited = await #expect(throws: OrganisationStoreError.self) { try await SQLInvitationStore(store: store).issue(invitation) }
            #expect(invited?.code == .organisationNotFound)
        }
    }

    @Test func aDigestDoesNotPrintItsBytes() throws {
        #expect("\(Fixture.digest())" == "SecretDigest(32 bytes)")
    }

    /// A PostgreSQL connection is leased with a deadline per statement: it passes the driver's
    /// description through and runs a session on itself, so every statement keeps the deadline.
    @Test(arguments: StoreBackend.all.filter { $0 == .postgres })
    func aLeasedConnectionIsTheDriversWithADeadline(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            try await store.withConnection { database in
                #expect(database is DeadlineDatabase)
                _ = database.logger
                #expect(database.queryLogLevel == .trace)
                _ = database.version
                let rows = try await database.withSession { session in
                    #expect(session is DeadlineDatabase)
                    return try await session.select().column(SQLLiteral.numeric("1"), as: "one").all()
                }
                #expect(rows.count == 1)
            }
        }
    }

    @Test func aCallerThatGivesUpIsAnsweredAtOnce() async throws {
        let waiting = Task {
            try await withDeadline(.seconds(60)) {
                // Waits until cancelled: nothing is ever sent on the stream.
                let (never, sender) = AsyncStream<Void>.makeStream()
                for await _ in never {}
                withExtendedLifetime(sender) {}
                try Task.checkCancellation()
            }
        }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
    }

    @Test func aLockFileThatCannotBeOpenedIsAConfigurationError() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-not-a-directory-\(UUID().uuidString)")
        try Data().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let error = #expect(throws: StoreError.self) { try SQLiteLockFile(databasePath: file.appendingPathComponent("pforte.sqlite").path) }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.detail.contains("cannot open the lock file") == true)
    }
}
