import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A citizen of another Land on every account page (issue #19, "Users who come from another
/// Land"), on both stores: the menu offers only what such an account may do, the pages for a
/// local account answer with a page that says the Land keeps it (never a 500 or a form that
/// cannot work), and deleting what Pforte holds needs no password.
extension FederationSessionTests {
    /// Every account page and form a menu or link leads to, by method and path, with the form
    /// fields a browser would send.
    static let localAccountPages: [(method: String, path: String, fields: [String: String])] = [
        ("GET", "/account/profile", [:]), ("POST", "/account/profile", ["givenNames": "Mallory", "familyName": "Muster"]),
        ("GET", "/account/email", [:]), ("POST", "/account/email", ["email": "neu@example.de", "emailRepeated": "neu@example.de"]),
        ("GET", "/account/password", [:]),
        ("POST", "/account/password", ["currentPassword": "x", "password": "Neue-Lindenallee-2027!", "passwordRepeated": "Neue-Lindenallee-2027!"]),
        ("GET", "/account/secret-question", [:]),
        ("POST", "/account/secret-question", ["currentPassword": "x", "secretQuestion": "Wo?", "secretAnswer": "Hier"]),
        ("GET", "/account/eid", [:]), ("POST", "/eid/deactivate", [:]), ("POST", "/eid/start", ["purpose": "upgrade"]),
        ("POST", "/eid/start", ["purpose": "sync"]),
        ("GET", "/organisations", [:]), ("GET", "/organisations/new", [:]),
        ("POST", "/organisations/new", ["name": "Verein", "legalForm": "eV", "consent": "yes"]),
        ("GET", "/organisations/invitation?token=x", [:]),
    ]

    @Test(arguments: WebTestBackend.all)
    func aFederatedSessionSeesOnlyWhatItMayDoOnEveryAccountPage(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withLand(backend, clock: clock) { browser in
            let request = try await toLand(browser)
            _ = try await backToPortal(browser, try land.answer(request, to: try await LandTestPeer.ourServiceProvider(browser), at: clock.now))

            let overview = try await browser.get("/account")
            #expect(overview.status == .ok)
            for hidden in ["/account/profile", "/account/email", "/account/password", "/account/secret-question", "/account/eid",
                           "/organisations\""] {
                #expect(!overview.body.contains("href=\"\(hidden)"), "the menu offers \(hidden)")
            }
            #expect(overview.body.contains(#"href="/account/security""#) && overview.body.contains(#"id="delete-federated""#))
            #expect(try await browser.get("/account/security").status == .ok)

            for page in Self.localAccountPages {
                let answer = page.method == "GET" ? try await browser.get(page.path)
                    : try await browser.post(page.path, page.fields, from: overview)
                #expect(answer.status == .forbidden, "\(page.method) \(page.path): \(answer.status)")
                #expect(answer.body.contains("Das ändern Sie bei Ihrem Land"), "\(page.method) \(page.path)")
            }
            #expect(try await browser.get("/account/password?lang=en").body.contains("This is changed in your Land"))
            #expect(try await browser.get("/account?lang=en").body.contains("That Land keeps your personal data"))

            let deletion = try await browser.get("/account/delete?lang=de")
            #expect(deletion.status == .ok && !deletion.body.contains(#"type="password""#))
            let deleted = try await browser.post("/account/delete", [:], from: deletion)
            #expect(deleted.status == .ok && deleted.body.contains(#"data-page="account-deleted""#))
            #expect(try await browser.get("/account").location?.hasPrefix("/login") == true)
        }
    }
}
