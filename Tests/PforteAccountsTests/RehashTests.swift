import Foundation
import PforteAccounts
import PforteCrypto
import PforteMail
import PforteStore
import Testing

/// Raising the Argon2 parameters takes effect account by account: a hash made with the old
/// ones is replaced at the next successful login, when the password is at hand, and the sealed
/// data still opens under the new wrapping.
@Suite struct RehashTests {
    @Test func anOutdatedHashIsRenewedAtTheNextSuccessfulLogin() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            let before = try #require(try await harness.accounts.find(byLogin: "erika@example.de"))
            #expect(before.passwordHash.contains("m=1024,t=1,p=1"))

            let stronger = try AccountServicesConfiguration(
                publicBaseURL: URL(string: "https://konto.example.de/")!,
                sender: MailAddress("no-reply@konto.example.de"),
                argon2: Argon2Parameters(memoryKiB: 2048, iterations: 2, parallelism: 1)
            )
            let renewed = try AccountServices(
                configuration: stronger, store: harness.store, outbox: harness.outbox,
                installationSecret: try KeyDirectory(url: harness.directory.appendingPathComponent("keys")).installationSecret(),
                now: { harness.clock.now }
            )

            _ = await accountErrorCode {
                _ = try await renewed.login.logIn(email: "erika@example.de", password: "Falsch2024!", clientAddress: Harness.client)
            }
            #expect(try await harness.accounts.find(byLogin: "erika@example.de")?.passwordHash == before.passwordHash,
                    "a failed login changes nothing")

            let (_, session) = try await renewed.login.logIn(email: "erika@example.de", password: Harness.password,
                                                             clientAddress: Harness.client)
            let after = try #require(try await harness.accounts.find(byLogin: "erika@example.de"))
            #expect(after.passwordHash.contains("m=2048,t=2,p=1"))
            #expect(after.wrappedKeys.password != before.wrappedKeys.password)
            #expect(try await renewed.profiles.profile(of: session).profile.familyName.value == "Mustermann")

            // And the next login, with the new parameters, opens the renewed wrapping.
            let (_, again) = try await renewed.login.logIn(email: "erika@example.de", password: Harness.password,
                                                           clientAddress: Harness.client)
            #expect(try await renewed.profiles.profile(of: again).profile.givenNames.value == "Erika")
        }
    }
}
