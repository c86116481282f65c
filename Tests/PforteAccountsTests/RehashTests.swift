import Foundation
import PforteCrypto
import PforteMail
import PforteStore
import Testing

@testable import PforteAccounts

/// Raising the Argon2 parameters takes effect account by account: a hash made with the old
/// ones is replaced at the next successful login, when the password is at hand, and the sealed
/// data still opens under the new wrapping. The same moves an account of the form before one
/// Argon2id per login (a plain PHC hash and a wrapping with its own Argon2id) to the new form.
@Suite struct RehashTests {
    @Test func anAccountOfTheTwoEvaluationFormMovesToOneEvaluationAtItsNextLogin() async throws {
        try await Harness.run { harness in
            try await harness.registerAndActivate("erika@example.de")
            let registered = try #require(try await harness.accounts.find(byLogin: "erika@example.de"))
            #expect(PasswordKeyHash.isKeyHash(registered.passwordHash), "a registration stores the one-evaluation form")
            #expect(try PasswordWrappedDataKey(storedForm: String(decoding: try #require(registered.wrappedKeys.password), as: UTF8.self))
                .storedForm.count == 82)

            // The account as an earlier release stored it: the same data key, under the old form.
            let (_, session) = try await harness.services.login.logIn(email: "erika@example.de", password: Harness.password,
                                                                      clientAddress: Harness.client)
            let parameters = try Argon2Parameters(memoryKiB: 1024, iterations: 1, parallelism: 1)
            let legacyHash = try PasswordHasher(parameters: parameters).hash(Harness.password)
            let legacyWrapping = try WrappedDataKey.wrap(session.dataKey, secret: Harness.password, kind: .password, parameters: parameters)
            var wrappedKeys = registered.wrappedKeys
            wrappedKeys.password = Data(legacyWrapping.storedForm.utf8)
            try await harness.accounts.updatePasswordHash(id: registered.id, passwordHash: legacyHash, wrappedKeys: wrappedKeys)

            _ = await accountErrorCode {
                _ = try await harness.services.login.logIn(email: "erika@example.de", password: "Falsch2024!", clientAddress: Harness.client)
            }
            #expect(try await harness.accounts.find(byLogin: "erika@example.de")?.passwordHash == legacyHash, "a failed login changes nothing")

            let (_, migrated) = try await harness.services.login.logIn(email: "erika@example.de", password: Harness.password,
                                                                       clientAddress: Harness.client)
            #expect(try await harness.services.profiles.profile(of: migrated).profile.familyName.value == "Mustermann")
            let after = try #require(try await harness.accounts.find(byLogin: "erika@example.de"))
            #expect(PasswordKeyHash.isKeyHash(after.passwordHash))
            #expect(after.wrappedKeys.secretAnswer == registered.wrappedKeys.secretAnswer, "only the password's pair changes")
            let (_, again) = try await harness.services.login.logIn(email: "erika@example.de", password: Harness.password,
                                                                    clientAddress: Harness.client)
            #expect(try await harness.services.profiles.profile(of: again).profile.givenNames.value == "Erika")
            #expect(try await harness.accounts.find(byLogin: "erika@example.de")?.passwordHash == after.passwordHash,
                    "a login in the new form stores nothing")
        }
    }

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
