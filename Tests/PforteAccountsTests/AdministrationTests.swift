import Foundation
import PforteAccounts
import PforteCore
import Testing

@Suite struct AdministrationTests {
    @Test func theOperatorCreatesAnActivatedAccount() async throws {
        try await Harness.run { harness in
            let summary = try await harness.services.administration.createActivatedAccount(
                email: "Admin@Example.de", givenNames: "Ada", familyName: "Lovelace", password: Harness.password,
                secretQuestion: Harness.question, secretAnswer: Harness.answer
            )
            #expect(summary.login == "admin@example.de")
            #expect(summary.status == .active)
            #expect(summary.hasSecretAnswer)
            #expect(harness.outbox.sent.isEmpty)
            let (_, session) = try await harness.logIn("admin@example.de")
            #expect(try await harness.services.profiles.profile(of: session).profile.familyName.value == "Lovelace")
        }
    }

    @Test func withoutASecretAnswerOnlyARecoveryIsPossible() async throws {
        try await Harness.run { harness in
            _ = try await harness.services.administration.createActivatedAccount(
                email: "ops@example.de", givenNames: "Ops", familyName: "Team", password: Harness.password
            )
            try await harness.services.passwordReset.requestReset(email: "ops@example.de", language: .german)
            let token = try harness.outbox.token(to: "ops@example.de", path: AccountLinkPath.passwordReset)
            #expect(try await harness.services.passwordReset.challenge(token: token) == .recoveryOnly)
            let reset = await accountErrorCode {
                try await harness.services.passwordReset.resetPassword(
                    token: token, answer: "irgendwas", newPassword: "Winter2025?", clientAddress: Harness.client
                )
            }
            #expect(reset == .noSecretAnswer)
            #expect(try await harness.services.recovery.secretQuestion(token: token) == nil)
            try await harness.services.recovery.recoverWithoutSecrets(token: token, form: RecoveryForm(
                givenNames: "Ops", familyName: "Team", password: "Winter2025?", passwordRepeated: "Winter2025?",
                secretAnswer: nil
            ))
            _ = try await harness.logIn("ops@example.de", password: "Winter2025?")
        }
    }

    @Test func creationChecksItsInput() async throws {
        try await Harness.run { harness in
            let administration = harness.services.administration
            let half = await accountErrorCode {
                _ = try await administration.createActivatedAccount(
                    email: "a@example.de", givenNames: "A", familyName: "B", password: Harness.password,
                    secretQuestion: Harness.question
                )
            }
            #expect(half == .incompleteSecretQuestion)
            let weak = await accountErrorCode {
                _ = try await administration.createActivatedAccount(
                    email: "a@example.de", givenNames: "A", familyName: "B", password: "schwach"
                )
            }
            guard case .invalidForm(let errors) = weak else {
                Issue.record("expected invalidForm")
                return
            }
            #expect(Set(errors.codes.keys) == [.password])
            try await harness.registerAndActivate("taken@example.de")
            let taken = await accountErrorCode {
                _ = try await administration.createActivatedAccount(
                    email: "taken@example.de", givenNames: "A", familyName: "B", password: Harness.password
                )
            }
            #expect(taken == .loginTaken)
        }
    }

    @Test func listShowAndDelete() async throws {
        try await Harness.run { harness in
            let administration = harness.services.administration
            try await harness.registerAndActivate("erika@example.de")
            harness.clock.advance(by: 1)
            try await harness.services.registration.register(Harness.form(email: "pending@example.de"), language: .german)

            let all = try await administration.list()
            #expect(all.map(\.login) == ["erika@example.de", "pending@example.de"])
            #expect(all.map(\.status) == [.active, .pendingActivation])

            let byLogin = try #require(try await administration.show("Erika@Example.de"))
            #expect(try await administration.show(byLogin.id) == byLogin)
            #expect(try await administration.show("nobody@example.de") == nil)

            #expect(try await administration.delete(byLogin.id))
            #expect(try await administration.delete(byLogin.id) == false)
            #expect(try await administration.list().map(\.login) == ["pending@example.de"])
        }
    }

    @Test func retentionPurgesWhatHasEnded() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            _ = try await harness.logIn("erika@example.de")
            _ = await accountErrorCode { _ = try await harness.logIn("erika@example.de", password: "Falsch2024!") }
            try await harness.services.passwordReset.requestReset(email: "erika@example.de", language: .german)

            let early = try await harness.services.administration.runRetentionJobs()
            let counts: [Int] = [early.unactivatedAccounts, early.sessions, early.mailTokens, early.throttleCounters]
            #expect(counts == [0, 0, 0, 0])

            harness.clock.advance(by: 25 * 60 * 60)
            let late = try await harness.services.administration.runRetentionJobs()
            #expect(late.sessions == 1)
            #expect(late.mailTokens == 1)
            #expect(late.throttleCounters == 2)
        }
    }
}
