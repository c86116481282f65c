import Foundation
import PforteAccounts
import PforteCore
import Testing

/// The account-wide ceiling of consecutive failures (issue #18, NIST SP 800-63B §5.2.2): from
/// any addresses, at most `failureCeiling` wrong passwords (or, apart, answers) in a row, then
/// nothing is checked until the owner unlocks by mail, by a password reset or by eID. The
/// tests use a ceiling of 5 instead of 100.
@Suite struct FailureCeilingTests {
    private let email = "erika@example.de"
    private let lockedSubject = "Ihr Servicekonto wurde gesperrt / Your Servicekonto was locked"

    private func run(_ body: (Harness) async throws -> Void) async throws {
        try await Harness.run(configure: { $0.failureCeiling = 5 }, body)
    }

    /// Five wrong passwords, each from its own address, so no address is ever delayed.
    private func guessFromEverywhere(_ harness: Harness, login: String) async {
        for attempt in 1...5 {
            let code = await accountErrorCode {
                _ = try await harness.logIn(login, password: "Falsch2024!", client: "203.0.113.\(attempt)")
            }
            #expect(code == .invalidCredentials)
        }
    }

    @Test func theCeilingRefusesEvenTheRightPasswordAndMailsTheUnlockLinkOnce() async throws {
        try await run { harness in
            try await harness.registerAndActivate(email)
            await guessFromEverywhere(harness, login: email)
            let owner = await accountErrorCode { _ = try await harness.logIn(email, client: "198.51.100.7") }
            #expect(owner == .attemptsExhausted)
            // An address without an account answers the same.
            await guessFromEverywhere(harness, login: "nobody@example.de")
            let nobody = await accountErrorCode { _ = try await harness.logIn("nobody@example.de", client: "198.51.100.7") }
            #expect(nobody == .attemptsExhausted)
            #expect(harness.outbox.sent(to: "nobody@example.de").isEmpty)
            #expect(harness.outbox.sent(to: email).filter { $0.subject == lockedSubject }.count == 1)

            let token = try harness.outbox.token(to: email, path: AccountLinkPath.unlock)
            #expect(try await harness.services.unlock.isValid(token: token))
            try await harness.services.unlock.unlock(token: token)
            _ = try await harness.logIn(email, client: "198.51.100.7")
            let again = await accountErrorCode { try await harness.services.unlock.unlock(token: token) }
            #expect(again == .invalidLink)
        }
    }

    @Test func aSuccessBelowTheCeilingStartsTheCountAfresh() async throws {
        try await run { harness in
            try await harness.registerAndActivate(email)
            for _ in 1...3 {
                for attempt in 1...4 {
                    _ = await accountErrorCode { _ = try await harness.logIn(email, password: "Falsch2024!", client: "203.0.113.\(attempt)") }
                }
                _ = try await harness.logIn(email, client: "198.51.100.7")
            }
        }
    }

    @Test func aPasswordResetLiftsTheCeiling() async throws {
        try await run { harness in
            try await harness.registerAndActivate(email)
            await guessFromEverywhere(harness, login: email)
            try await harness.services.passwordReset.requestReset(email: email, language: .german)
            let token = try harness.outbox.token(to: email, path: AccountLinkPath.passwordReset)
            try await harness.services.passwordReset.resetPassword(token: token, answer: Harness.answer,
                                                                   newPassword: "Neues-Passwort-2026", clientAddress: "198.51.100.7")
            _ = try await harness.logIn(email, password: "Neues-Passwort-2026", client: "198.51.100.7")
        }
    }

    @Test func anEIDLoginLiftsTheCeiling() async throws {
        try await run { harness in
            try await harness.services.registration.register(
                Harness.form(email: email, givenNames: "ERIKA", familyName: "MUSTERMANN"), language: .german, eID: EIDAccountTests.card()
            )
            try await harness.services.registration.activate(token: harness.outbox.token(to: email, path: AccountLinkPath.activation))
            await guessFromEverywhere(harness, login: email)
            _ = try await harness.services.eID.logIn(EIDAccountTests.card(), previousSessionID: nil)
            _ = try await harness.logIn(email, client: "198.51.100.7")
        }
    }

    @Test func wrongAnswersHaveACeilingOfTheirOwn() async throws {
        try await run { harness in
            try await harness.registerAndActivate(email)
            try await harness.services.passwordReset.requestReset(email: email, language: .german)
            let token = try harness.outbox.token(to: email, path: AccountLinkPath.passwordReset)
            for attempt in 1...5 {
                let code = await accountErrorCode {
                    try await harness.services.passwordReset.resetPassword(
                        token: token, answer: "Mietze", newPassword: "Neues-Passwort-2026", clientAddress: "203.0.113.\(attempt)"
                    )
                }
                #expect(code == .wrongSecretAnswer)
            }
            let refused = await accountErrorCode {
                try await harness.services.passwordReset.resetPassword(
                    token: token, answer: Harness.answer, newPassword: "Neues-Passwort-2026", clientAddress: "198.51.100.7"
                )
            }
            #expect(refused == .attemptsExhausted)
            // The password is a counter of its own: the owner still logs in.
            _ = try await harness.logIn(email, client: "198.51.100.7")
            try await harness.services.unlock.unlock(token: harness.outbox.token(to: email, path: AccountLinkPath.unlock))
            try await harness.services.passwordReset.resetPassword(token: token, answer: Harness.answer,
                                                                   newPassword: "Neues-Passwort-2026", clientAddress: "198.51.100.7")
        }
    }
}
