import Foundation
import PforteAccounts
import PforteCore
import Testing

@Suite struct EmailChangeTests {
    @Test func theOldAddressStaysTheLoginUntilTheNewOneIsConfirmed() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("old@example.de")
            let (_, session) = try await harness.logIn("old@example.de")
            try await harness.services.emailChange.requestChange(session: session, newEmail: "New@Example.de", language: .german)

            let notice = try #require(harness.outbox.sent(to: "old@example.de").last)
            #expect(notice.subject == "Änderung Ihrer E-Mail-Adresse angefordert")
            #expect(notice.body.contains("New@Example.de"))
            #expect(!notice.body.contains("token="))
            let token = try harness.outbox.token(to: "new@example.de", path: AccountLinkPath.emailChange)

            _ = try await harness.logIn("old@example.de")
            let early = await accountErrorCode { _ = try await harness.logIn("new@example.de") }
            #expect(early == .invalidCredentials)

            let confirmed = try await harness.confirm(token, oldEmail: "old@example.de")
            #expect(confirmed.address.normalized == "new@example.de")
            #expect(try await harness.activeSession(confirmed.cookie).accountID == session.accountID)
            _ = try await harness.logIn("new@example.de")
            let old = await accountErrorCode { _ = try await harness.logIn("old@example.de") }
            #expect(old == .invalidCredentials)
            let again = await accountErrorCode { _ = try await harness.confirm(token, oldEmail: "new@example.de") }
            #expect(again == .invalidLink)
        }
    }

    @Test func aTakenAddressGetsANoticeInsteadOfALink() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            try await harness.registerAndActivate("max@example.de", givenNames: "Max")
            let (_, session) = try await harness.logIn("erika@example.de")
            let before = harness.outbox.sent(to: "max@example.de").count
            try await harness.services.emailChange.requestChange(session: session, newEmail: "max@example.de", language: .english)
            let toMax = harness.outbox.sent(to: "max@example.de").dropFirst(before)
            #expect(toMax.map(\.subject) == ["Your address already has a Servicekonto"])
            #expect(harness.outbox.sent(to: "erika@example.de").last?.subject == "Change of your e-mail address requested")
        }
    }

    @Test func invalidOrUnchangedAddressesAreRefused() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            let (_, session) = try await harness.logIn("erika@example.de")
            let invalid = await accountErrorCode {
                try await harness.services.emailChange.requestChange(session: session, newEmail: "erika", language: .german)
            }
            #expect(invalid == .invalidEmail(.missingAtSign))
            let same = await accountErrorCode {
                try await harness.services.emailChange.requestChange(session: session, newEmail: "ERIKA@example.de",
                                                                     language: .german)
            }
            #expect(same == .emailUnchanged)
        }
    }

    @Test func anAddressTakenBeforeConfirmationIsReported() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            let (_, session) = try await harness.logIn("erika@example.de")
            try await harness.services.emailChange.requestChange(session: session, newEmail: "new@example.de", language: .german)
            let token = try harness.outbox.token(to: "new@example.de", path: AccountLinkPath.emailChange)
            try await harness.services.registration.register(Harness.form(email: "new@example.de"), language: .german)
            let code = await accountErrorCode { _ = try await harness.confirm(token, oldEmail: "erika@example.de") }
            #expect(code == .loginTaken)
            _ = try await harness.logIn("erika@example.de")
        }
    }

    @Test func theLinkAloneOrWithAWrongPasswordChangesNothing() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("old@example.de")
            let (_, session) = try await harness.logIn("old@example.de")
            try await harness.services.emailChange.requestChange(session: session, newEmail: "new@example.de", language: .german)
            let token = try harness.outbox.token(to: "new@example.de", path: AccountLinkPath.emailChange)

            let wrong = await accountErrorCode { _ = try await harness.confirm(token, oldEmail: "old@example.de", password: "falsch") }
            #expect(wrong == .invalidCredentials)
            let empty = await accountErrorCode { _ = try await harness.confirm(token, oldEmail: "", password: "") }
            #expect(empty == .invalidCredentials)
            let newAddress = await accountErrorCode { _ = try await harness.confirm(token, oldEmail: "new@example.de") }
            #expect(newAddress == .invalidCredentials)
            let forged = await accountErrorCode { _ = try await harness.confirm("not-a-token", oldEmail: "old@example.de") }
            #expect(forged == .invalidLink)
            _ = try await harness.logIn("old@example.de")

            let confirmed = try await harness.confirm(token, oldEmail: "old@example.de")
            #expect(confirmed.address.normalized == "new@example.de")
        }
    }

    @Test func anotherAccountsPasswordDoesNotConfirmTheLink() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            try await harness.registerAndActivate("max@example.de", givenNames: "Max")
            let (_, session) = try await harness.logIn("erika@example.de")
            try await harness.services.emailChange.requestChange(session: session, newEmail: "new@example.de", language: .german)
            let token = try harness.outbox.token(to: "new@example.de", path: AccountLinkPath.emailChange)

            let other = await accountErrorCode { _ = try await harness.confirm(token, oldEmail: "max@example.de") }
            #expect(other == .invalidCredentials)
            _ = try await harness.logIn("max@example.de")
            _ = try await harness.confirm(token, oldEmail: "erika@example.de")
            _ = try await harness.logIn("new@example.de")
        }
    }
}

extension Harness {
    /// Follows an e-mail change link and logs in with the old address, as the page behind it does.
    func confirm(_ token: String, oldEmail: String, password: String = Harness.password)
        async throws -> (address: EmailAddress, cookie: SessionCookie, session: AuthenticatedSession) {
        try await services.emailChange.confirmChange(token: token, oldEmail: oldEmail, password: password,
                                                     clientAddress: Harness.client, language: .german)
    }
}
