import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// CSRF tokens bound to the SSO session and a new CSRF cookie at every login (issue #18): a
/// token from before the login, or from another session, posts nothing; the forms of the normal
/// flow keep working. On both stores.
@Suite struct CSRFBindingTests {
    private static let csrfCookie = "pforte_csrf"

    private func withBrowser(_ backend: WebTestBackend, _ test: @escaping @Sendable (TestBrowser) async throws -> Void) async throws {
        try await withTestBrowser(backend, clock: TestClock(), configure: { _ in }, test)
    }

    private func logIn(_ browser: TestBrowser, as email: String, from page: TestBrowser.Page) async throws -> TestBrowser.Page {
        try await browser.post("/login", ["email": email, "password": TestAccounts.password], from: page)
    }

    @Test(arguments: WebTestBackend.all)
    func theLoginIssuesANewCookieAndTheFormsOfTheNextPagePost(_ backend: WebTestBackend) async throws {
        try await withBrowser(backend) { browser in
            let loginPage = try await browser.get("/login")
            let before = try #require(browser.cookie(Self.csrfCookie))
            let loggedIn = try await logIn(browser, as: TestAccounts.erika, from: loginPage)
            #expect(loggedIn.location == "/account")
            #expect(browser.cookie(Self.csrfCookie) != before)

            let account = try await browser.get("/account")
            #expect(account.status == .ok)
            let again = try await logIn(browser, as: TestAccounts.erika, from: account)
            #expect(again.status == .seeOther)
            #expect(again.location == "/account")
        }
    }

    @Test(arguments: WebTestBackend.all)
    func aTokenFromBeforeTheLoginIsRefusedAfterIt(_ backend: WebTestBackend) async throws {
        try await withBrowser(backend) { browser in
            let loginPage = try await browser.get("/login")
            let fixated = try #require(browser.cookie(Self.csrfCookie))
            _ = try await logIn(browser, as: TestAccounts.erika, from: loginPage)

            let stale = try await logIn(browser, as: TestAccounts.erika, from: loginPage)
            #expect(stale.status == .forbidden)
            // Even with the CSRF cookie of before the login (one an attacker planted and kept
            // there), the token is bound to no session and refused within one.
            browser.setCookie(Self.csrfCookie, fixated)
            let withFixatedCookie = try await logIn(browser, as: TestAccounts.erika, from: loginPage)
            #expect(withFixatedCookie.status == .forbidden)
        }
    }

    @Test(arguments: WebTestBackend.all)
    func oneSessionsTokenIsRefusedWithAnotherSessionsCookie(_ backend: WebTestBackend) async throws {
        try await withBrowser(backend) { erika in
            let max = TestBrowser(erika.client)
            _ = try await logIn(erika, as: TestAccounts.erika, from: try await erika.get("/login"))
            _ = try await logIn(max, as: TestAccounts.max, from: try await max.get("/login"))
            let erikasPage = try await erika.get("/account")

            // Max's session with Erika's CSRF cookie and token: only the session differs.
            max.setCookie(Self.csrfCookie, try #require(erika.cookie(Self.csrfCookie)))
            let forged = try await logIn(max, as: TestAccounts.max, from: erikasPage)
            #expect(forged.status == .forbidden)
            let own = try await logIn(erika, as: TestAccounts.erika, from: erikasPage)
            #expect(own.status == .seeOther)
        }
    }
}
