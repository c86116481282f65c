import Foundation
import PforteAccounts
import PforteCore
import Testing

@Suite struct PasswordResetTests {
    private let email = "erika@example.de"
    private let newPassword = "Winter2025?"

    /// Registers, logs in and stores a date of birth, returning the session's cookie.
    private func prepare(_ harness: Harness) async throws -> SessionCookie {
        try await harness.registerAndActivate(email)
        let (cookie, session) = try await harness.logIn(email)
        try await harness.services.profiles.update([.dateOfBirth(PartialDate(year: 1964, month: 8, day: 12))], session: session)
        return cookie
    }

    private func resetToken(_ harness: Harness) async throws -> String {
        try await harness.services.passwordReset.requestReset(email: email, language: .german)
        return try harness.outbox.token(to: email, path: AccountLinkPath.passwordReset)
    }

    /// The unknown address gets a notice without a link, so the request does the same work
    /// (one message queued) as for a registered address.
    @Test func anUnknownAddressGetsTheSameOutcomeAndANoticeWithoutLink() async throws {
        try await Harness.run { harness in
            try await harness.services.passwordReset.requestReset(email: "nobody@example.de", language: .german)
            let notice = try #require(harness.outbox.sent(to: "nobody@example.de").last)
            #expect(harness.outbox.sent.count == 1)
            #expect(notice.subject == "Passwort zurücksetzen: kein Servicekonto zu dieser Adresse")
            #expect(!notice.body.contains("token="))
            let malformed = await accountErrorCode {
                try await harness.services.passwordReset.requestReset(email: "no address", language: .german)
            }
            #expect(malformed == .invalidEmail(.whitespace))
        }
    }

    @Test func theAnswerAndTheLinkResetThePasswordAndTheSealedDataSurvives() async throws {
        try await Harness.run { harness in
            let cookie = try await prepare(harness)
            let token = try await resetToken(harness)
            #expect(harness.outbox.sent(to: email).last?.body.contains("1 Stunde") == true)
            #expect(try await harness.services.passwordReset.challenge(token: token)
                == .question(SecretQuestion(Harness.question)))

            try await harness.services.passwordReset.resetPassword(
                token: token, answer: "  BELLO der   hund ", newPassword: newPassword, clientAddress: Harness.client
            )
            guard case .none = try await harness.services.sessions.resume(cookie) else {
                Issue.record("a session survived the reset")
                return
            }
            let old = await accountErrorCode { _ = try await harness.logIn(email) }
            #expect(old == .invalidCredentials)
            let (_, session) = try await harness.logIn(email, password: newPassword)
            let profile = try await harness.services.profiles.profile(of: session).profile
            #expect(profile.givenNames.value == "Erika")
            #expect(profile.dateOfBirth == (try PartialDate(year: 1964, month: 8, day: 12)))

            let used = await accountErrorCode {
                try await harness.services.passwordReset.resetPassword(
                    token: token, answer: Harness.answer, newPassword: newPassword, clientAddress: Harness.client
                )
            }
            #expect(used == .invalidLink)
        }
    }

    @Test func aResetNeedsTheLink() async throws {
        try await Harness.run { harness in
            _ = try await prepare(harness)
            let code = await accountErrorCode {
                try await harness.services.passwordReset.resetPassword(
                    token: String(repeating: "x", count: 43), answer: Harness.answer, newPassword: newPassword,
                    clientAddress: Harness.client
                )
            }
            #expect(code == .invalidLink)
            let challenge = await accountErrorCode { _ = try await harness.services.passwordReset.challenge(token: "nope") }
            #expect(challenge == .invalidLink)
        }
    }

    @Test func aWrongAnswerKeepsTheLinkAndIsThrottled() async throws {
        try await Harness.run { harness in
            _ = try await prepare(harness)
            let token = try await resetToken(harness)
            for _ in 1...4 {
                let code = await accountErrorCode {
                    try await harness.services.passwordReset.resetPassword(
                        token: token, answer: "Mietze", newPassword: newPassword, clientAddress: "198.51.100.1"
                    )
                }
                #expect(code == .wrongSecretAnswer)
            }
            let throttled = await accountErrorCode {
                try await harness.services.passwordReset.resetPassword(
                    token: token, answer: Harness.answer, newPassword: newPassword, clientAddress: "198.51.100.1"
                )
            }
            #expect(throttled == .throttled(retryAfter: 1))
            // The guesses from that address do not delay the answer from another one.
            try await harness.services.passwordReset.resetPassword(
                token: token, answer: Harness.answer, newPassword: newPassword, clientAddress: "198.51.100.9"
            )
            _ = try await harness.logIn(email, password: newPassword)
        }
    }

    /// The composition rules, and the screening against common passwords (issue #18), hold at a
    /// reset as at registration.
    @Test(arguments: [
        ("alles klein", [PasswordRule.containsWhitespace, .tooFewCharacterGroups]),
        ("Passwort123!", [.commonlyUsed]),
    ])
    func theNewPasswordMustMeetThePolicy(_ newPassword: String, _ broken: [PasswordRule]) async throws {
        try await Harness.run { harness in
            _ = try await prepare(harness)
            let token = try await resetToken(harness)
            let code = await accountErrorCode {
                try await harness.services.passwordReset.resetPassword(
                    token: token, answer: Harness.answer, newPassword: newPassword, clientAddress: Harness.client
                )
            }
            #expect(code == .passwordRules(broken))
            _ = try await harness.logIn(email)
        }
    }

    @Test func aNewRequestWithdrawsTheOlderLink() async throws {
        try await Harness.run { harness in
            _ = try await prepare(harness)
            let first = try await resetToken(harness)
            _ = try await resetToken(harness)
            let code = await accountErrorCode { _ = try await harness.services.passwordReset.challenge(token: first) }
            #expect(code == .invalidLink)
        }
    }

    @Test func aRecoveryWipesTheSealedDataAndStartsAfresh() async throws {
        try await Harness.run { harness in
            let cookie = try await prepare(harness)
            let token = try await resetToken(harness)
            #expect(try await harness.services.recovery.secretQuestion(token: token) == Harness.question)
            let invalid = await accountErrorCode {
                try await harness.services.recovery.recoverWithoutSecrets(token: token, form: RecoveryForm(
                    givenNames: "Erika", familyName: "Mustermann", password: newPassword, passwordRepeated: newPassword,
                    secretAnswer: nil
                ))
            }
            guard case .invalidForm(let errors) = invalid else {
                Issue.record("expected invalidForm")
                return
            }
            #expect(errors.codes == [.secretAnswer: [.text(.empty)]])

            try await harness.services.recovery.recoverWithoutSecrets(token: token, form: RecoveryForm(
                givenNames: "Erika Maria", familyName: "Mustermann", password: newPassword, passwordRepeated: newPassword,
                secretAnswer: "Mietze die Katze"
            ))
            guard case .none = try await harness.services.sessions.resume(cookie) else {
                Issue.record("a session survived the recovery")
                return
            }
            let (_, session) = try await harness.logIn(email, password: newPassword)
            let profile = try await harness.services.profiles.profile(of: session).profile
            #expect(profile.givenNames.value == "Erika Maria")
            #expect(profile.dateOfBirth == nil)

            // The new answer resets the password from now on.
            let next = try await resetToken(harness)
            try await harness.services.passwordReset.resetPassword(
                token: next, answer: "mietze die katze", newPassword: Harness.password, clientAddress: Harness.client
            )
            _ = try await harness.logIn(email)
        }
    }
}
