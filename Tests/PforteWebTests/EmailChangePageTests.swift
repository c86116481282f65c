import Foundation
import HummingbirdTesting
import PforteAccounts
import PforteConfiguration
import PforteWeb
import Testing

/// The e-mail change through the pages, on both stores (issue #19 item 8): the new address
/// becomes the login name only after its link is followed and the citizen logs in there with
/// the old address and password (seed 003, "E-Mail-Adresse ändern").
@Suite struct EmailChangePageTests {
    static let newAddress = "erika.neu@example.de"

    private func withRequestedChange(_ backend: WebTestBackend,
                                     _ test: @escaping @Sendable (_ browser: TestBrowser, _ token: String) async throws -> Void) async throws {
        let clock = TestClock()
        let mailbox = TestMailbox(clock: clock)
        try await withTestApplication(configure: { config in
            mailbox.place(config.paths.data + "/outbox")
        }, clock: clock.pforteClock, backend: backend, prepare: { services in
            mailbox.use(services)
            _ = try await services.administration.createActivatedAccount(
                email: TestAccounts.erika, givenNames: "Erika", familyName: "Mustermann", password: TestAccounts.password
            )
        }) { client in
            let owner = TestBrowser(client)
            let login = try await owner.get("/login")
            #expect(try await owner.post("/login", ["email": TestAccounts.erika, "password": TestAccounts.password], from: login)
                .status == .seeOther)
            let form = try await owner.get("/account/email")
            let sent = try await owner.post("/account/email", ["email": Self.newAddress, "emailRepeated": Self.newAddress], from: form)
            #expect(sent.status == .ok)
            try await test(TestBrowser(client), try await mailbox.token(path: AccountLinkPath.emailChange))
        }
    }

    private func logIn(_ browser: TestBrowser, _ email: String) async throws -> TestBrowser.Page {
        let page = try await browser.get("/login")
        return try await browser.post("/login", ["email": email, "password": TestAccounts.password], from: page)
    }

    @Test(arguments: WebTestBackend.all)
    func theLinkAsksForTheOldAddressAndPasswordAndThenLogsIn(_ backend: WebTestBackend) async throws {
        try await withRequestedChange(backend) { browser, token in
            let page = try await browser.get("/email-change?token=\(token)&lang=en")
            #expect(page.status == .ok)
            #expect(page.body.contains("Log in with your previous e-mail address and your password"))
            #expect(page.body.contains(#"autocomplete="current-password""#))

            let changed = try await browser.post("/email-change", [
                "token": token, "email": TestAccounts.erika, "password": TestAccounts.password,
            ], from: page)
            #expect(changed.status == .ok)
            #expect(try await browser.get("/account").status == .ok, "the confirming login starts a session")
            #expect(try await logIn(TestBrowser(browser.client), Self.newAddress).status == .seeOther)
            #expect(try await logIn(TestBrowser(browser.client), TestAccounts.erika).status == .badRequest)
        }
    }

    @Test(arguments: WebTestBackend.all)
    func theLinkWithoutTheOldPasswordChangesNothing(_ backend: WebTestBackend) async throws {
        try await withRequestedChange(backend) { browser, token in
            let page = try await browser.get("/email-change?token=\(token)")
            let bare = try await browser.post("/email-change", ["token": token], from: page)
            #expect(bare.status == .badRequest)
            #expect(bare.body.contains("E-Mail-Adresse oder Passwort"))
            let wrong = try await browser.post("/email-change", [
                "token": token, "email": TestAccounts.erika, "password": "Falsch-geraten-1",
            ], from: page)
            #expect(wrong.status == .badRequest)
            let newAsOld = try await browser.post("/email-change", [
                "token": token, "email": Self.newAddress, "password": TestAccounts.password,
            ], from: page)
            #expect(newAsOld.status == .badRequest)
            let forged = try await browser.submit("/email-change", [
                "token": token, "email": TestAccounts.erika, "password": TestAccounts.password,
            ], withCookies: true)
            #expect(forged.status == .forbidden, "no CSRF token")
            #expect(try await browser.get("/account").status != .ok)
            #expect(try await logIn(TestBrowser(browser.client), TestAccounts.erika).status == .seeOther)

            let unknown = try await browser.post("/email-change", [
                "token": String(repeating: "A", count: 43), "email": TestAccounts.erika, "password": TestAccounts.password,
            ], from: page)
            #expect(unknown.status != .ok)
            #expect(try await browser.post("/email-change", [
                "token": token, "email": TestAccounts.erika, "password": TestAccounts.password,
            ], from: page).status == .ok, "the refusals left the link live")
        }
    }
}
