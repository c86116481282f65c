import Foundation
import PforteAccounts
import PforteCore
import Testing

@Suite struct DeletionTests {
    @Test func deletionNeedsThePasswordAndFreesTheAddressAtOnce() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            let (cookie, session) = try await harness.logIn("erika@example.de")
            let wrong = await accountErrorCode {
                try await harness.services.deletion.deleteAccount(session: session, password: "Falsch2024!",
                                                                  clientAddress: Harness.client)
            }
            #expect(wrong == .invalidCredentials)
            _ = try await harness.activeSession(cookie)

            try await harness.services.deletion.deleteAccount(session: session, password: Harness.password,
                                                              clientAddress: Harness.client)
            guard case .none = try await harness.services.sessions.resume(cookie) else {
                Issue.record("the session survived the deletion")
                return
            }
            let gone = await accountErrorCode { _ = try await harness.logIn("erika@example.de") }
            #expect(gone == .invalidCredentials)

            let before = harness.outbox.sent.count
            try await harness.services.registration.register(Harness.form(email: "erika@example.de"), language: .german)
            #expect(harness.outbox.sent.dropFirst(before).map(\.subject) == ["Bitte bestätigen Sie Ihre Registrierung"])
        }
    }

    @Test func wrongPasswordsAtDeletionAreThrottled() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            let (_, session) = try await harness.logIn("erika@example.de")
            for _ in 1...4 {
                _ = await accountErrorCode {
                    try await harness.services.deletion.deleteAccount(session: session, password: "Falsch2024!",
                                                                      clientAddress: Harness.client)
                }
            }
            let code = await accountErrorCode {
                try await harness.services.deletion.deleteAccount(session: session, password: Harness.password,
                                                                  clientAddress: Harness.client)
            }
            #expect(code == .throttled(retryAfter: 1))
        }
    }
}
