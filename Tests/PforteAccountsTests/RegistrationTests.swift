import Foundation
import PforteAccounts
import PforteCore
import Testing

@Suite struct RegistrationTests {
    @Test func registrationMailsAnActivationLinkAndActivationEnablesLogin() async throws {
        try await Harness.run { harness in
            try await harness.services.registration.register(Harness.form(email: "Erika@Example.de"), language: .german)
            let mail = try #require(harness.outbox.sent(to: "erika@example.de").first)
            #expect(mail.subject == "Bitte bestätigen Sie Ihre Registrierung")
            #expect(mail.body.contains("https://konto.example.de/activate?token="))
            #expect(mail.body.contains("24 Stunden"))

            let pending = await accountErrorCode { _ = try await harness.logIn("erika@example.de") }
            #expect(pending == .notActivated)

            try await harness.services.registration.activate(
                token: harness.outbox.token(to: "erika@example.de", path: AccountLinkPath.activation)
            )
            let (_, session) = try await harness.logIn("ERIKA@example.de")
            #expect(session.trustLevel == .normal)
            #expect(session.methods == [.password])
        }
    }

    @Test func englishMailsAreEnglish() async throws {
        try await Harness.run { harness in
            try await harness.services.registration.register(Harness.form(email: "jane@example.org"), language: .english)
            let mail = try #require(harness.outbox.sent.first)
            #expect(mail.subject == "Please confirm your registration")
            #expect(mail.body.contains("valid for 24 hours"))
        }
    }

    @Test func fieldErrorsPassThroughWithTheirCodes() async throws {
        try await Harness.run { harness in
            let form = RegistrationForm(givenNames: " ", familyName: "Muster<mann>", email: "erika@exämple.de",
                                        password: "kurz", passwordRepeated: "anders", secretQuestion: "Wie?",
                                        secretAnswer: "ab")
            let code = await accountErrorCode { try await harness.services.registration.register(form, language: .german) }
            guard case .invalidForm(let errors) = code else {
                Issue.record("expected invalidForm, got \(String(describing: code))")
                return
            }
            #expect(errors[.givenNames] == [.text(.empty)])
            #expect(errors[.familyName] == [.text(.angleBracket)])
            #expect(errors[.email] == [.email(.nonASCIICharacter)])
            #expect(errors[.password].contains(.password(.tooShort)))
            #expect(errors[.passwordRepeated] == [.doesNotMatch])
            #expect(errors[.secretAnswer] == [.text(.tooShort)])
            #expect(harness.outbox.sent.isEmpty)
        }
    }

    @Test func aTakenAddressLooksLikeSuccessAndItsOwnerIsTold() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            let before = harness.outbox.sent.count
            try await harness.services.registration.register(
                Harness.form(email: "erika@example.de", givenNames: "Mallory", password: "Anders2024!"), language: .german
            )
            let sent = harness.outbox.sent.dropFirst(before)
            #expect(sent.count == 1)
            let notice = try #require(sent.first)
            #expect(notice.subject == "Zu Ihrer Adresse gibt es bereits ein Servicekonto")
            #expect(!notice.body.contains("token="))
            #expect(notice.body.contains("https://konto.example.de/forgot-password"))
            // The first registration is untouched.
            _ = try await harness.logIn("erika@example.de")
        }
    }

    @Test func anActivationLinkExpiresAfter24HoursAndThePurgeRemovesTheRegistration() async throws {
        try await Harness.run { harness in
            try await harness.services.registration.register(Harness.form(email: "late@example.de"), language: .german)
            let token = try harness.outbox.token(to: "late@example.de", path: AccountLinkPath.activation)
            harness.clock.advance(by: 24 * 60 * 60)
            let expired = await accountErrorCode { try await harness.services.registration.activate(token: token) }
            #expect(expired == .invalidLink)

            // The store purges registrations created strictly before the cutoff.
            harness.clock.advance(by: 1)
            let report = try await harness.services.administration.runRetentionJobs()
            #expect(report.unactivatedAccounts == 1)
            #expect(try await harness.accounts.find(byLogin: "late@example.de") == nil)
            // The address is free again: a new registration gets a new activation link.
            try await harness.services.registration.register(Harness.form(email: "late@example.de"), language: .german)
            #expect(harness.outbox.sent(to: "late@example.de").count == 2)
            #expect(harness.outbox.sent(to: "late@example.de").last?.body.contains("/activate?token=") == true)
        }
    }

    @Test func anUnknownOrUsedActivationLinkIsInvalid() async throws {
        try await Harness.run { harness in
            try await harness.services.registration.register(Harness.form(email: "once@example.de"), language: .german)
            let token = try harness.outbox.token(to: "once@example.de", path: AccountLinkPath.activation)
            try await harness.services.registration.activate(token: token)
            let used = await accountErrorCode { try await harness.services.registration.activate(token: token) }
            #expect(used == .invalidLink)
            let unknown = await accountErrorCode {
                try await harness.services.registration.activate(token: String(repeating: "A", count: 43))
            }
            #expect(unknown == .invalidLink)
        }
    }
}
