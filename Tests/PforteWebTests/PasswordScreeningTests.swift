import Foundation
import PforteCore
import Testing

/// Registration refuses a common password with a message at the password field (issue #18), in
/// German and English, on both stores; the same password with one more character is accepted.
@Suite struct PasswordScreeningTests {
    private static let messages = [
        "de": "Dieses Passwort ist zu verbreitet",
        "en": "This password is too common",
    ]

    private func register(_ browser: TestBrowser, password: String, language: String) async throws -> TestBrowser.Page {
        let page = try await browser.get("/register?lang=\(language)")
        return try await browser.post("/register?lang=\(language)", [
            "givenNames": "Erika", "familyName": "Mustermann", "email": "neu@example.de",
            "password": password, "passwordRepeated": password,
            "secretQuestion": "Wie hieß mein erstes Haustier?", "secretAnswer": "Bello der Hund",
            "termsVersion": TermsCatalog.placeholder.versions[0].id, "acceptTerms": "on",
        ], from: page)
    }

    @Test(arguments: WebTestBackend.all)
    func registrationRefusesACommonPassword(_ backend: WebTestBackend) async throws {
        try await withTestBrowser(backend, clock: TestClock(), configure: { _ in }) { browser in
            for (language, message) in Self.messages {
                let refused = try await register(browser, password: "Passwort1", language: language)
                #expect(refused.status == .badRequest)
                #expect(refused.body.contains(message))
            }
            let accepted = try await register(browser, password: "Passwort1-Lindenallee", language: "de")
            #expect(accepted.status == .ok)
            #expect(!accepted.body.contains(Self.messages["de"]!))
        }
    }
}
