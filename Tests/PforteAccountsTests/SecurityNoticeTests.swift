import Foundation
import PforteAccounts
import PforteCore
import Testing

/// The security view's service part (issue #18): notices after a change of password, secret
/// answer or address, and the login history with the failed attempts.
@Suite struct SecurityNoticeTests {
    private let email = "erika@example.de"
    private let newPassword = "Winter2025?"

    private func resetToken(_ harness: Harness) async throws -> String {
        try await harness.services.passwordReset.requestReset(email: email, language: .german)
        return try harness.outbox.token(to: email, path: AccountLinkPath.passwordReset)
    }

    @Test func aPasswordResetWithTheAnswerIsAnnouncedInThePagesLanguage() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate(email)
            let token = try await resetToken(harness)
            try await harness.services.passwordReset.resetPassword(
                token: token, answer: Harness.answer, newPassword: newPassword, clientAddress: Harness.client, language: .english
            )
            let notice = try #require(harness.outbox.sent(to: email).last)
            #expect(notice.subject == "Your password was changed")
            #expect(!notice.body.contains("token="), "a notice carries no link")
        }
    }

    @Test func aWrongAnswerChangesNothingAndSendsNoNotice() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate(email)
            let token = try await resetToken(harness)
            let before = harness.outbox.sent.count
            _ = await accountErrorCode {
                try await harness.services.passwordReset.resetPassword(
                    token: token, answer: "falsch", newPassword: newPassword, clientAddress: Harness.client
                )
            }
            #expect(harness.outbox.sent.count == before)
        }
    }

    @Test func aRecoveryThatSetsANewPasswordAndAnswerIsAnnounced() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate(email)
            let token = try await resetToken(harness)
            try await harness.services.recovery.recoverWithoutSecrets(token: token, form: RecoveryForm(
                givenNames: "Erika", familyName: "Mustermann", password: newPassword, passwordRepeated: newPassword,
                secretAnswer: "Mietze die Katze"
            ))
            let notice = try #require(harness.outbox.sent(to: email).last)
            #expect(notice.subject == "Ihr Servicekonto wurde wiederhergestellt")
            #expect(notice.body.contains("Passwort und Sicherheitsantwort wurden neu gesetzt"))
        }
    }

    @Test func aConfirmedAddressChangeIsAnnouncedToBothAddresses() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("old@example.de")
            let (_, session) = try await harness.logIn("old@example.de")
            try await harness.services.emailChange.requestChange(session: session, newEmail: "new@example.de", language: .german)
            let token = try harness.outbox.token(to: "new@example.de", path: AccountLinkPath.emailChange)
            let before = (old: harness.outbox.sent(to: "old@example.de").count, new: harness.outbox.sent(to: "new@example.de").count)

            _ = try await harness.confirm(token, oldEmail: "old@example.de")
            let toOld = harness.outbox.sent(to: "old@example.de").dropFirst(before.old)
            let toNew = harness.outbox.sent(to: "new@example.de").dropFirst(before.new)
            #expect(toOld.map(\.subject) == ["Ihre E-Mail-Adresse wurde geändert"])
            #expect(toOld.first?.body.contains("new@example.de") == true)
            #expect(toNew.map(\.subject) == ["Ihre neue E-Mail-Adresse ist bestätigt"])
        }
    }

    @Test func loginsAndFailedPasswordsOfAnAccountAreListedNewestFirst() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate(email)
            let firefox = BrowserFamily(browser: .firefox, operatingSystem: .linux)
            _ = await accountErrorCode {
                _ = try await harness.services.login.logIn(email: email, password: "falsch", clientAddress: Harness.client, browser: firefox)
            }
            harness.clock.advance(by: 10)
            _ = await accountErrorCode {
                _ = try await harness.services.login.logIn(email: "nobody@example.de", password: "falsch", clientAddress: Harness.client)
            }
            let (_, session) = try await harness.services.login.logIn(email: email, password: Harness.password,
                                                                       clientAddress: Harness.client, browser: firefox)

            let attempts = try await harness.services.security.loginAttempts(of: session)
            #expect(attempts.map(\.succeeded) == [true, false], "an unknown address adds nothing")
            #expect(attempts.allSatisfy { $0.browser == firefox && $0.method == .password && $0.trustLevel == .normal })
            let sessions = try await harness.services.security.sessions(of: session)
            #expect(sessions.count == 1 && sessions.first?.isCurrent == true && sessions.first?.browser == firefox)
        }
    }

    @Test func onlyTheAccountsOwnOtherSessionsCanBeEnded() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate(email)
            try await harness.registerAndActivate("max@example.de", givenNames: "Max")
            let (_, current) = try await harness.logIn(email)
            let (_, other) = try await harness.logIn(email)
            let (_, max) = try await harness.logIn("max@example.de")

            #expect(try await harness.services.security.otherSessions(of: current) == [other.sessionReference])
            let endable = try await harness.services.security.endableSessions(
                [other.sessionReference, current.sessionReference, max.sessionReference, "forged"], of: current
            )
            #expect(endable == [other.sessionReference])
        }
    }

    @Test func theRetentionJobsDropLoginsOlderThan90Days() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate(email)
            _ = try await harness.logIn(email)
            harness.clock.advance(by: 89 * 24 * 3600)
            _ = try await harness.logIn(email)
            #expect(try await harness.services.administration.runRetentionJobs().loginEvents == 0)
            harness.clock.advance(by: 2 * 24 * 3600)
            #expect(try await harness.services.administration.runRetentionJobs().loginEvents == 1)
            let (_, latest) = try await harness.logIn(email)
            #expect(try await harness.services.security.loginAttempts(of: latest).count == 2)
        }
    }

    @Test func anEIDStepUpInTheSameSessionIsListedAsALoginOfItsOwn() async throws {
        try await Harness.run { harness in
            try await harness.services.registration.register(Harness.form(email: email, givenNames: "ERIKA", familyName: "MUSTERMANN"),
                                                             language: .german, eID: EIDAccountTests.card())
            try await harness.services.registration.activate(token: harness.outbox.token(to: email, path: AccountLinkPath.activation))
            let edge = BrowserFamily(browser: .edge, operatingSystem: .windows)
            let (cookie, _) = try await harness.services.login.logIn(email: email, password: Harness.password,
                                                                      clientAddress: Harness.client, browser: edge)
            harness.clock.advance(by: 5)
            guard case .loggedIn(_, let session) = try await harness.services.eID.logIn(
                EIDAccountTests.card(), previousSessionID: cookie.sessionID, browser: edge
            ) else { throw NoActiveSession() }

            let attempts = try await harness.services.security.loginAttempts(of: session)
            #expect(attempts.map(\.method) == [.eID, .password])
            #expect(attempts.map(\.trustLevel) == [.hoch, .normal])
            let sessions = try await harness.services.security.sessions(of: session)
            #expect(sessions.count == 1, "the step-up kept the session")
            #expect(sessions.first?.methods == [.password, .eID] && sessions.first?.trustLevel == .hoch)
        }
    }
}
