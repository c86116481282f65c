import Foundation
import Testing

@testable import PforteStore

@Suite struct OrganisationStoreTests {
    private let now = Fixture.now

    /// A store with accounts `a1`…`a3` and organisation `o1` whose admin is `a1`.
    private func withOrganisation(_ backend: StoreBackend,
                                  _ body: (SQLOrganisationStore, SQLInvitationStore, SQLStore) async throws -> Void) async throws {
        try await backend.withMigratedStore { store in
            let accounts = SQLAccountStore(store: store)
            for index in 1...3 {
                try await accounts.create(Fixture.newAccount(id: "a\(index)", login: "user\(index)@example.de"))
            }
            let organisations = SQLOrganisationStore(store: store)
            try await organisations.create(
                OrganisationRecord(id: "o1", name: "Muster GmbH", publicKey: Data("pk1".utf8), sealedProfile: Fixture.sealed("profile"),
                                   createdAt: now),
                founder: member("a1", role: "admin"), audit: entry("granted", "user1@example.de")
            )
            try await body(organisations, SQLInvitationStore(store: store), store)
        }
    }

    private func member(_ account: String, role: String = "member", adult: Bool = true) -> MembershipRecord {
        MembershipRecord(organisationID: "o1", accountID: account, role: role, adult: adult,
                         wrappedKey: Fixture.sealed("key for \(account)"), grantedAt: now)
    }

    private func entry(_ event: String, _ login: String, at time: Date? = nil) -> AuditEntryRecord {
        AuditEntryRecord(event: event, accountLogin: login, actorLogin: "user1@example.de", at: time ?? now)
    }

    /// Invites `account` and lets it accept; returns the invitation's digest.
    private func acceptedInvitation(_ invitations: SQLInvitationStore, _ account: String) async throws -> SecretDigest {
        let digest = Fixture.digest()
        try await invitations.issue(InvitationRecord(digest: digest, organisationID: "o1", email: "x@example.de", createdAt: now,
                                                     expiresAt: now.addingTimeInterval(86400)))
        #expect(try await invitations.accept(digest: digest, accountID: account, adult: true, now: now) != nil)
        return digest
    }

    @Test(arguments: StoreBackend.all)
    func theFounderIsAdminAndTheGrantIsAudited(_ backend: StoreBackend) async throws {
        try await withOrganisation(backend) { organisations, _, _ in
            let found = try #require(try await organisations.find(id: "o1"))
            #expect(found.name == "Muster GmbH" && found.generalRelease == false && found.lastUsedAt == now)
            let memberships = try await organisations.memberships(accountID: "a1")
            #expect(memberships.map(\.organisation.id) == ["o1"])
            #expect(memberships.first?.membership.login == "user1@example.de")
            #expect(try await organisations.membership(organisationID: "o1", accountID: "a1")?.role == "admin")
            #expect(try await organisations.auditEntries(organisationID: "o1", upTo: now).map(\.event) == ["granted"])
            #expect(try await organisations.soleAdminOrganisations(accountID: "a1").map(\.id) == ["o1"])
        }
    }

    @Test(arguments: StoreBackend.all)
    func anInvitationIsAcceptedOnceThenConfirmed(_ backend: StoreBackend) async throws {
        try await withOrganisation(backend) { organisations, invitations, _ in
            let digest = Fixture.digest()
            try await invitations.issue(InvitationRecord(digest: digest, organisationID: "o1", email: "user2@example.de",
                                                         createdAt: now, expiresAt: now.addingTimeInterval(86400)))
            #expect(try await invitations.findOpen(digest: digest, now: now)?.email == "user2@example.de")
            #expect(try await invitations.findOpen(digest: digest, now: now.addingTimeInterval(86400)) == nil)
            #expect(try await invitations.accept(digest: digest, accountID: "a2", adult: false, now: now.addingTimeInterval(86400)) == nil)
            #expect(try await invitations.accept(digest: digest, accountID: "a2", adult: false, now: now)?.acceptedBy == "a2")
            #expect(try await invitations.accept(digest: digest, accountID: "a3", adult: true, now: now) == nil)
            #expect(try await invitations.findOpen(digest: digest, now: now) == nil)
            let waiting = try await invitations.awaitingConfirmation(organisationID: "o1")
            #expect(waiting.map(\.acceptedLogin) == ["user2@example.de"] && waiting.first?.adult == false)
            // The member's side of the same wait: the organisation by name.
            let waitingFor = try await invitations.awaitingConfirmation(acceptedBy: "a2")
            #expect(waitingFor.map(\.organisationID) == ["o1"] && waitingFor.map(\.name) == ["Muster GmbH"])
            #expect(try await invitations.awaitingConfirmation(acceptedBy: "a3").isEmpty)

            try await organisations.addMember(member("a2", adult: false), acceptedInvitation: digest, audit: entry("granted", "user2@example.de"))
            #expect(try await invitations.awaitingConfirmation(organisationID: "o1").isEmpty)
            #expect(try await invitations.awaitingConfirmation(acceptedBy: "a2").isEmpty)
            #expect(try await organisations.members(organisationID: "o1").map(\.accountID) == ["a1", "a2"])
            await #expect(throws: OrganisationStoreError(.alreadyMember, "account is already a member of o1")) {
                try await organisations.addMember(member("a2"), acceptedInvitation: digest, audit: entry("granted", "user2@example.de"))
            }
        }
    }

    @Test(arguments: StoreBackend.all)
    func theLastAdminCannotBeRemovedOrDemoted(_ backend: StoreBackend) async throws {
        try await withOrganisation(backend) { organisations, invitations, _ in
            let rekey = OrganisationRekey(publicKey: Data("pk2".utf8), sealedProfile: Fixture.sealed("new"), wrappedKeys: [:])
            await #expect(throws: OrganisationStoreError.self) {
                try await organisations.removeMember(organisationID: "o1", accountID: "a1", rekey: rekey, audit: entry("left", "user1@example.de"))
            }
            await #expect(throws: OrganisationStoreError.self) {
                try await organisations.setRole(organisationID: "o1", accountID: "a1", role: "member", audit: entry("x", "y"))
            }
            let digest = try await acceptedInvitation(invitations, "a2")
            try await organisations.addMember(member("a2"), acceptedInvitation: digest, audit: entry("granted", "user2@example.de"))
            try await organisations.setRole(organisationID: "o1", accountID: "a2", role: "admin", audit: entry("promoted", "user2@example.de"))
            #expect(try await organisations.soleAdminOrganisations(accountID: "a1").isEmpty)
            try await organisations.removeMember(
                organisationID: "o1", accountID: "a1",
                rekey: OrganisationRekey(publicKey: Data("pk2".utf8), sealedProfile: Fixture.sealed("new"),
                                         wrappedKeys: ["a2": Fixture.sealed("new key for a2")]),
                audit: entry("left", "user1@example.de")
            )
            let organisation = try #require(try await organisations.find(id: "o1"))
            #expect(organisation.publicKey == Data("pk2".utf8) && organisation.sealedProfile == Fixture.sealed("new"))
            #expect(try await organisations.membership(organisationID: "o1", accountID: "a2")?.wrappedKey == Fixture.sealed("new key for a2"))
            #expect(try await organisations.membership(organisationID: "o1", accountID: "a1") == nil)
            #expect(try await organisations.auditEntries(organisationID: "o1", upTo: now).map(\.event)
                    == ["granted", "granted", "promoted", "left"])
        }
    }

    @Test(arguments: StoreBackend.all)
    func aRekeyMustCoverExactlyTheRemainingMembers(_ backend: StoreBackend) async throws {
        try await withOrganisation(backend) { organisations, invitations, _ in
            let digest = try await acceptedInvitation(invitations, "a2")
            try await organisations.addMember(member("a2"), acceptedInvitation: digest, audit: entry("granted", "user2@example.de"))
            let stale = OrganisationRekey(publicKey: Data("pk2".utf8), sealedProfile: Fixture.sealed("new"), wrappedKeys: [:])
            await #expect(throws: OrganisationStoreError.self) {
                try await organisations.removeMember(organisationID: "o1", accountID: "a2", rekey: stale, audit: entry("revoked", "user2@example.de"))
            }
            #expect(try await organisations.membership(organisationID: "o1", accountID: "a2") != nil, "nothing was written")
            #expect(try await organisations.find(id: "o1")?.publicKey == Data("pk1".utf8))
        }
    }

    @Test(arguments: StoreBackend.all)
    func auditReportsInactivityAndConsents(_ backend: StoreBackend) async throws {
        try await withOrganisation(backend) { organisations, _, _ in
            let year = TimeInterval(365 * 86400)
            #expect(try await organisations.auditReportsDue(reportedBefore: now.addingTimeInterval(-1)).isEmpty)
            #expect(try await organisations.auditReportsDue(reportedBefore: now).map(\.id) == ["o1"])
            try await organisations.completeAuditReport(organisationID: "o1", upTo: now.addingTimeInterval(year))
            #expect(try await organisations.auditEntries(organisationID: "o1", upTo: now.addingTimeInterval(year)).isEmpty)
            #expect(try await organisations.auditReportsDue(reportedBefore: now).isEmpty)

            #expect(try await organisations.unused(since: now, noticeSentBefore: nil).map(\.id) == ["o1"])
            try await organisations.markDeletionNotice(organisationID: "o1", at: now)
            #expect(try await organisations.unused(since: now, noticeSentBefore: nil).isEmpty)
            #expect(try await organisations.unused(since: now, noticeSentBefore: now).map(\.id) == ["o1"])
            try await organisations.recordUse(organisationID: "o1", at: now.addingTimeInterval(10))
            #expect(try await organisations.unused(since: now, noticeSentBefore: now).isEmpty)
            #expect(try await organisations.find(id: "o1")?.deletionNoticeAt == nil)

            #expect(try await organisations.hasConsent(organisationID: "o1", clientID: "portal", accountID: "a1") == false)
            try await organisations.recordConsent(organisationID: "o1", clientID: "portal", accountID: "a1", at: now)
            try await organisations.recordConsent(organisationID: "o1", clientID: "portal", accountID: "a1", at: now)
            #expect(try await organisations.hasConsent(organisationID: "o1", clientID: "portal", accountID: "a1"))
            try await organisations.setGeneralRelease(organisationID: "o1", enabled: true)
            #expect(try await organisations.find(id: "o1")?.generalRelease == true)
        }
    }

    @Test(arguments: StoreBackend.all)
    func deletingTheOrganisationOrAnAccountCascades(_ backend: StoreBackend) async throws {
        try await withOrganisation(backend) { organisations, invitations, store in
            _ = try await acceptedInvitation(invitations, "a3")
            try await SQLAccountStore(store: store).delete(id: "a3")
            #expect(try await invitations.awaitingConfirmation(organisationID: "o1").isEmpty)
            let keys = SQLAccountSealingKeyStore(store: store)
            let first = AccountSealingKeyRecord(accountID: "a1", publicKey: Data("p".utf8), sealedPrivateKey: Fixture.sealed("k"))
            #expect(try await keys.createIfAbsent(first) == first)
            #expect(try await keys.createIfAbsent(AccountSealingKeyRecord(accountID: "a1", publicKey: Data("q".utf8),
                                                                          sealedPrivateKey: Fixture.sealed("l"))) == first)
            #expect(try await keys.publicKeys(accountIDs: ["a1", "a2"]) == ["a1": Data("p".utf8)])
            #expect(try await organisations.delete(id: "o1"))
            #expect(try await organisations.find(id: "o1") == nil)
            #expect(try await organisations.memberships(accountID: "a1").isEmpty)
            #expect(try await organisations.delete(id: "o1") == false)
        }
    }

    @Test(arguments: StoreBackend.all)
    func expiredOpenInvitationsArePurged(_ backend: StoreBackend) async throws {
        try await withOrganisation(backend) { _, invitations, _ in
            try await invitations.issue(InvitationRecord(digest: Fixture.digest(), organisationID: "o1", email: "x@example.de",
                                                         createdAt: now, expiresAt: now.addingTimeInterval(10)))
            _ = try await acceptedInvitation(invitations, "a2")
            #expect(try await invitations.purgeExpired(now: now.addingTimeInterval(86400 * 2)) == 1)
            #expect(try await invitations.awaitingConfirmation(organisationID: "o1").count == 1)
        }
    }

    @Test(arguments: StoreBackend.all)
    func aRecoveryDropsEveryRightButASoleAdminship(_ backend: StoreBackend) async throws {
        try await withOrganisation(backend) { organisations, invitations, store in
            try await organisations.create(
                OrganisationRecord(id: "o2", name: "Andere eG", publicKey: Data("pk".utf8), sealedProfile: Fixture.sealed("p2"), createdAt: now),
                founder: MembershipRecord(organisationID: "o2", accountID: "a2", role: "admin", adult: true,
                                          wrappedKey: Fixture.sealed("k"), grantedAt: now),
                audit: entry("granted", "user2@example.de")
            )
            _ = try await acceptedInvitation(invitations, "a1")
            let keys = SQLAccountSealingKeyStore(store: store)
            _ = try await keys.createIfAbsent(AccountSealingKeyRecord(accountID: "a1", publicKey: Data("p".utf8), sealedPrivateKey: Fixture.sealed("k")))
            try await organisations.recordConsent(organisationID: "o1", clientID: "portal", accountID: "a1", at: now)
            // a1 is sole admin of o1 and, through the accepted invitation, waiting for o1 too; a2 admin of o2.
            let digest2 = Fixture.digest()
            try await invitations.issue(InvitationRecord(digest: digest2, organisationID: "o2", email: "x@example.de", createdAt: now,
                                                         expiresAt: now.addingTimeInterval(86400)))
            _ = try await invitations.accept(digest: digest2, accountID: "a1", adult: true, now: now)
            try await organisations.addMember(MembershipRecord(organisationID: "o2", accountID: "a1", role: "member", adult: true,
                                                               wrappedKey: Fixture.sealed("k"), grantedAt: now),
                                              acceptedInvitation: digest2, audit: entry("granted", "user1@example.de"))

            let (left, kept) = try await organisations.dropRights(accountID: "a1", audit: entry("recovered", "user1@example.de"))
            #expect(left.map(\.id) == ["o2"] && kept.map(\.id) == ["o1"])
            #expect(try await organisations.membership(organisationID: "o2", accountID: "a1") == nil)
            #expect(try await organisations.membership(organisationID: "o1", accountID: "a1")?.role == "admin")
            #expect(try await keys.find(accountID: "a1") == nil)
            #expect(try await organisations.hasConsent(organisationID: "o1", clientID: "portal", accountID: "a1") == false)
            #expect(try await invitations.awaitingConfirmation(organisationID: "o1").isEmpty)
            #expect(try await organisations.auditEntries(organisationID: "o2", upTo: now).map(\.event) == ["granted", "granted", "recovered"])
        }
    }

    @Test(arguments: StoreBackend.all)
    func aProfileSealedForAReplacedKeyIsRefused(_ backend: StoreBackend) async throws {
        try await withOrganisation(backend) { organisations, _, _ in
            await #expect(throws: OrganisationStoreError.self) {
                try await organisations.updateProfile(organisationID: "o1", name: "Neu GmbH", sealedProfile: Fixture.sealed("neu"),
                                                      sealedFor: Data("old key".utf8))
            }
            #expect(try await organisations.find(id: "o1")?.name == "Muster GmbH")
            try await organisations.updateProfile(organisationID: "o1", name: "Neu GmbH", sealedProfile: Fixture.sealed("neu"),
                                                  sealedFor: Data("pk1".utf8))
            #expect(try await organisations.find(id: "o1")?.sealedProfile == Fixture.sealed("neu"))
            await #expect(throws: OrganisationStoreError(.organisationNotFound, "no organisation o9")) {
                try await organisations.updateProfile(organisationID: "o9", name: "X", sealedProfile: Data(), sealedFor: Data())
            }
        }
    }

    /// Two admins demoting each other at the same moment, on two nodes: one wins, the
    /// organisation keeps an admin.
    @Test(arguments: StoreBackend.all)
    func concurrentDemotionsLeaveAnAdmin(_ backend: StoreBackend) async throws {
        try await withOrganisation(backend) { organisations, invitations, _ in
            let digest = try await acceptedInvitation(invitations, "a2")
            try await organisations.addMember(member("a2", role: "admin"), acceptedInvitation: digest, audit: entry("granted", "user2@example.de"))
            let audit = entry("demoted", "x")
            let results = await withTaskGroup(of: Bool.self) { group in
                for account in ["a1", "a2"] {
                    group.addTask {
                        (try? await organisations.setRole(organisationID: "o1", accountID: account, role: "member", audit: audit)) != nil
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
            #expect(try await organisations.members(organisationID: "o1").filter { $0.role == "admin" }.count == 1)
        }
    }
}
