import Foundation
import PforteAccounts
import PforteCore
import PforteCrypto
import PforteStore
import Testing

/// The service desk's rules (issue #22): a locked account is refused at every login path and
/// only the service desk lifts the lock; the actions are audited; support may not delete.
@Suite struct ServiceDeskTests {
    private let desk = ServiceDeskActor.commandLine(user: "root")

    @Test func aLockedAccountIsRefusedAtEveryLoginPathAfterTheRightCredentialsOnly() async throws {
        try await Harness.run { harness in
            try await harness.services.registration.register(Harness.form(email: "erika@example.de", givenNames: "ERIKA",
                                                                          familyName: "MUSTERMANN"),
                                                             language: .german, eID: EIDAccountTests.card())
            try await harness.services.registration.activate(token: harness.outbox.token(to: "erika@example.de", path: AccountLinkPath.activation))
            let (cookie, _) = try await harness.logIn("erika@example.de")
            let (id, ended) = try await harness.services.serviceDesk.lock("erika@example.de", reason: "Missbrauchsverdacht", by: desk)
            #expect(ended.count == 1)
            guard case .none = try await harness.services.sessions.resume(cookie) else {
                Issue.record("the session survived the lock")
                return
            }
            #expect(await accountErrorCode { _ = try await harness.logIn("erika@example.de") } == .accountLocked)
            #expect(await accountErrorCode { _ = try await harness.logIn("erika@example.de", password: "wrong-Password-1") } == .invalidCredentials,
                    "a wrong password says nothing of the lock")
            #expect(await accountErrorCode { _ = try await harness.services.eID.logIn(EIDAccountTests.card(), previousSessionID: nil) }
                == .accountLocked)
            #expect(await accountErrorCode {
                _ = try await harness.services.eID.link(EIDAccountTests.card(), email: "erika@example.de", password: Harness.password,
                                                        clientAddress: Harness.client, previousSessionID: nil)
            } == .accountLocked)
            harness.clock.advance(by: 1)
            #expect(try await harness.services.serviceDesk.unlock(id, reason: "geklärt", by: desk))
            _ = try await harness.logIn("erika@example.de")
            let trail = try await harness.services.serviceDesk.auditTrail(of: "erika@example.de")
            #expect(trail.map(\.action) == [.unlock, .lock])
            #expect(trail.allSatisfy { $0.actor == "cli:root" && $0.accountID == id })
        }
    }

    @Test func aLockedFederatedAccountIsRefused() async throws {
        try await Harness.run { harness in
            let id = AccountID()
            let profile = Profile(givenNames: try PersonName("Max"), familyName: try PersonName("Muster"))
            _ = try await harness.services.federatedLogin.logIn(accountID: id, profile: profile, email: nil, level: .substantiell,
                                                                previousSessionID: nil)
            _ = try await harness.services.serviceDesk.lock(id.description, reason: "Anfrage des Landes", by: desk)
            #expect(await accountErrorCode {
                _ = try await harness.services.federatedLogin.logIn(accountID: id, profile: profile, email: nil, level: .substantiell,
                                                                    previousSessionID: nil)
            } == .accountLocked)
        }
    }

    /// The ceiling of failed attempts and the administrative lock are different locks: the
    /// unlock link and a completed password reset lift only the first.
    @Test func neitherTheUnlockLinkNorAPasswordResetLiftsTheLock() async throws {
        try await Harness.run(configure: { $0.failureCeiling = 2 }) { harness in
            try await harness.registerAndActivate("erika@example.de")
            _ = try await harness.services.serviceDesk.lock("erika@example.de", reason: "x", by: desk)
            for _ in 0..<2 { _ = await accountErrorCode { _ = try await harness.logIn("erika@example.de", password: "wrong-Password-1") } }
            try await harness.services.unlock.unlock(token: harness.outbox.token(to: "erika@example.de", path: AccountLinkPath.unlock))
            #expect(await accountErrorCode { _ = try await harness.logIn("erika@example.de") } == .accountLocked)
            try await harness.services.serviceDesk.sendPasswordReset("erika@example.de", by: desk)
            let newPassword = "Neues-Passwort-2025!"
            try await harness.services.passwordReset.resetPassword(
                token: harness.outbox.token(to: "erika@example.de", path: AccountLinkPath.passwordReset), answer: Harness.answer,
                newPassword: newPassword, clientAddress: Harness.client
            )
            #expect(await accountErrorCode { _ = try await harness.logIn("erika@example.de", password: newPassword) } == .accountLocked)
        }
    }

    @Test func resendingActivationReplacesTheLinkAndOnlyForPendingAccounts() async throws {
        try await Harness.run { harness in
            try await harness.services.registration.register(Harness.form(email: "erika@example.de"), language: .german)
            let first = try harness.outbox.token(to: "erika@example.de", path: AccountLinkPath.activation)
            try await harness.services.serviceDesk.resendActivation("erika@example.de", by: desk)
            let second = try harness.outbox.token(to: "erika@example.de", path: AccountLinkPath.activation)
            #expect(first != second)
            #expect(await accountErrorCode { try await harness.services.registration.activate(token: first) } == .invalidLink)
            try await harness.services.registration.activate(token: second)
            #expect(await accountErrorCode { try await harness.services.serviceDesk.resendActivation("erika@example.de", by: desk) }
                == .notPermitted)
        }
    }

    @Test func theLookUpShowsWhatIsInClearAndIsAudited() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            _ = try await harness.logIn("erika@example.de")
            let overview = try await harness.services.serviceDesk.lookUp("Erika@Example.de", by: desk)
            #expect(overview.state == .active)
            #expect(overview.lock == nil)
            #expect(overview.sessions.count == 1)
            #expect(overview.lastLogin?.method == .password)
            #expect(try await harness.services.serviceDesk.auditTrail().first?.action == .lookUp)
            #expect(await accountErrorCode { _ = try await harness.services.serviceDesk.lookUp("nobody@example.de", by: desk) }
                == .accountNotFound)
        }
    }

    @Test func supportMayNotDeleteAnAdminMay() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            let (support, _) = try await harness.services.staff.add(email: "s@desk.example", role: .support, password: nil, by: desk)
            #expect(await accountErrorCode { _ = try await harness.services.serviceDesk.delete("erika@example.de", by: ServiceDeskActor(staff: support)) }
                == .notPermitted)
            #expect(await accountErrorCode { _ = try await harness.services.staff.list(by: ServiceDeskActor(staff: support)) } == .notPermitted)
            _ = try await harness.services.serviceDesk.delete("erika@example.de", by: desk)
            #expect(try await harness.accounts.find(byLogin: "erika@example.de") == nil)
        }
    }
}
