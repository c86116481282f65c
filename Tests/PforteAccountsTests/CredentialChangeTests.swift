import Foundation
import PforteAccounts
import PforteCore
import Testing

/// The password and the secret question changed while logged in (issue #19, item 3): the data
/// key is wrapped under the new secret, so sealed data and a later reset with the new answer
/// still open it, and the owner gets a notice each time.
@Suite struct CredentialChangeServiceTests {
    private let email = "erika@example.de"
    private let newPassword = "Neue-Lindenallee-2027!"

    @Test func aNewPasswordWrapsTheSameDataKeyAndSendsANotice() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate(email)
            let (_, session) = try await harness.logIn(email)
            try await harness.services.profiles.update([.dateOfBirth(PartialDate(year: 1964, month: 8, day: 12))], session: session)

            try await harness.services.credentialChange.changePassword(
                session: session, currentPassword: Harness.password, newPassword: newPassword, clientAddress: Harness.client
            )
            #expect(harness.outbox.sent(to: email).last?.subject == "Ihr Passwort wurde geändert")
            #expect(harness.outbox.sent(to: email).last?.body.contains("im Konto geändert") == true)
            #expect(await accountErrorCode { _ = try await harness.logIn(email) } == .invalidCredentials)
            let (_, again) = try await harness.logIn(email, password: newPassword)
            #expect(try await harness.services.profiles.profile(of: again).profile.dateOfBirth == (try PartialDate(year: 1964, month: 8, day: 12)))
        }
    }

    @Test func aWrongCurrentPasswordOrABrokenRuleChangesNothing() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate(email)
            let (_, session) = try await harness.logIn(email)
            let sentBefore = harness.outbox.sent.count
            let change = harness.services.credentialChange
            #expect(await accountErrorCode {
                try await change.changePassword(session: session, currentPassword: "Falsch-2026!", newPassword: newPassword,
                                                clientAddress: Harness.client)
            } == .invalidCredentials)
            #expect(await accountErrorCode {
                try await change.changePassword(session: session, currentPassword: Harness.password, newPassword: "Passwort1",
                                                clientAddress: Harness.client)
            } == .passwordRules([.commonlyUsed]))
            #expect(await accountErrorCode {
                try await change.changeSecretQuestion(session: session, currentPassword: Harness.password, question: "?",
                                                      answer: "Berlin", clientAddress: Harness.client)
            } == .invalidForm(RegistrationErrors(codes: [.secretQuestion: [.text(.tooShort)]])))
            #expect(harness.outbox.sent.count == sentBefore, "no notice for a refused change")
            _ = try await harness.logIn(email)
        }
    }

    @Test func aNewSecretQuestionIsAskedAtTheNextResetAndItsAnswerOpensTheData() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate(email)
            let (_, session) = try await harness.logIn(email)
            #expect(try await harness.services.credentialChange.currentQuestion(session: session) == Harness.question)
            try await harness.services.credentialChange.changeSecretQuestion(
                session: session, currentPassword: Harness.password, question: "Wo bin ich geboren?", answer: "Berlin",
                clientAddress: Harness.client
            )
            #expect(harness.outbox.sent(to: email).last?.subject == "Ihre Sicherheitsfrage wurde geändert")

            try await harness.services.passwordReset.requestReset(email: email, language: .german)
            let token = try harness.outbox.token(to: email, path: AccountLinkPath.passwordReset)
            #expect(try await harness.services.passwordReset.challenge(token: token) == .question(SecretQuestion("Wo bin ich geboren?")))
            #expect(await accountErrorCode {
                try await harness.services.passwordReset.resetPassword(token: token, answer: Harness.answer, newPassword: newPassword,
                                                                       clientAddress: Harness.client)
            } == .wrongSecretAnswer)
            try await harness.services.passwordReset.resetPassword(token: token, answer: "berlin", newPassword: newPassword,
                                                                   clientAddress: Harness.client)
            let (_, again) = try await harness.logIn(email, password: newPassword)
            #expect(try await harness.services.profiles.profile(of: again).profile.givenNames.value == "Erika")
        }
    }
}
