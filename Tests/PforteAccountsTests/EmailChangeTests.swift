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

            let confirmed = try await harness.services.emailChange.confirmChange(token: token)
            #expect(confirmed.normalized == "new@example.de")
            _ = try await harness.logIn("new@example.de")
            let old = await accountErrorCode { _ = try await harness.logIn("old@example.de") }
            #expect(old == .invalidCredentials)
            let again = await accountErrorCode { _ = try await harness.services.emailChange.confirmChange(token: token) }
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
            let code = await accountErrorCode { _ = try await harness.services.emailChange.confirmChange(token: token) }
            #expect(code == .loginTaken)
            _ = try await harness.logIn("erika@example.de")
        }
    }
}
