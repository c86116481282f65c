import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import PforteSAML

/// The citizen's security view (issue #18): the account's sessions, each other one ended by a
/// logout everywhere, and the latest logins with the failed ones; on both stores.
@Suite struct SecurityViewTests {
    private func withBrowsers(_ backend: WebTestBackend, clock: TestClock = TestClock(),
                              _ test: @escaping @Sendable (TestBrowser) async throws -> Void) async throws {
        try await withTestBrowser(backend, clock: clock, configure: { config in
            OIDCTestPortal.install(clientsDirectory: config.paths.clients)
        }, test)
    }

    /// Logs `browser` in at `/login`; returns where the login sent it.
    @discardableResult
    private func logIn(_ browser: TestBrowser, as email: String = TestAccounts.erika,
                       password: String = TestAccounts.password) async throws -> TestBrowser.Page {
        let page = try await browser.get("/login")
        return try await browser.post("/login", ["email": email, "password": password], from: page)
    }

    private static func endableReferences(_ page: TestBrowser.Page) -> [String] {
        page.body.matches(of: /name="session" value="([^"]+)"/).map { String($0.1) }
    }

    private func refresh(_ browser: TestBrowser, _ token: String) async throws -> HTTPResponse.Status {
        try await OIDCTestPortal.tokenRequest(browser.client, clientID: "portal", ["grant_type": "refresh_token", "refresh_token": token]).0
    }

    @Test(arguments: WebTestBackend.all)
    func endingAnotherSessionLogsItOutEverywhere(_ backend: WebTestBackend) async throws {
        try await withBrowsers(backend) { first in
            let second = TestBrowser(first.client)
            let tokens = try await OIDCTestPortal.signIn(second, as: TestAccounts.erika, password: TestAccounts.password)
            let refreshToken = try #require(tokens["refresh_token"] as? String)
            try await logIn(first)

            let page = try await first.get("/account/security")
            #expect(page.status == .ok)
            #expect(page.body.contains("diese Sitzung"))
            #expect(page.body.contains("<caption>Ihre aktiven Sitzungen</caption>"))
            let references = Self.endableReferences(page)
            #expect(references.count == 1, "the current session has no end button")
            #expect(page.body.contains(#"Sitzung beenden<span class="visually-hidden"> Anderer Browser, angemeldet seit"#))

            let ended = try await first.post("/account/security/end", ["session": references[0]], from: page)
            #expect(ended.status == .seeOther && ended.location == "/account/security?done=ended")
            #expect(try await second.get("/account").location == "/login")
            #expect(try await refresh(second, refreshToken) == .badRequest, "the portal's grant rested on the ended session")

            let after = try await first.get(try #require(ended.location))
            #expect(after.status == .ok && Self.endableReferences(after).isEmpty)
            #expect(after.body.contains("Die Sitzung ist beendet."))
        }
    }

    @Test(arguments: WebTestBackend.all)
    func endingAllOtherSessionsKeepsOnlyTheCurrentOne(_ backend: WebTestBackend) async throws {
        try await withBrowsers(backend) { first in
            let others = [TestBrowser(first.client), TestBrowser(first.client)]
            for browser in others { try await logIn(browser) }
            try await logIn(first)

            let page = try await first.get("/account/security")
            #expect(Self.endableReferences(page).count == 2)
            let ended = try await first.post("/account/security/end-others", [:], from: page)
            #expect(ended.location == "/account/security?done=ended")
            for browser in others {
                #expect(try await browser.get("/account").location == "/login")
            }
            #expect(try await first.get("/account").status == .ok)
            #expect(!(try await first.get("/account/security")).body.contains(#"id="end-others""#))
        }
    }

    @Test(arguments: WebTestBackend.all)
    func anotherAccountsSessionOrTheCurrentOneIsRefused(_ backend: WebTestBackend) async throws {
        try await withBrowsers(backend) { erika in
            let (max, maxElsewhere) = (TestBrowser(erika.client), TestBrowser(erika.client))
            try await logIn(max, as: TestAccounts.max)
            try await logIn(maxElsewhere, as: TestAccounts.max)
            let maxReference = try #require(Self.endableReferences(try await max.get("/account/security")).first)
            try await logIn(erika)
            // Erika's only session has no end button; the account page's logout form has the token.
            let ownPage = try await erika.get("/account")

            let refused = try await erika.post("/account/security/end", ["session": maxReference], from: ownPage)
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("Sitzung nicht beendet"))
            #expect(try await maxElsewhere.get("/account").status == .ok, "Max's session lives on")

            for forged in ["", "not-a-reference", String(repeating: "A", count: 43)] {
                #expect(try await erika.post("/account/security/end", ["session": forged], from: ownPage).status == .badRequest)
            }
            #expect(try await erika.get("/account").status == .ok)
        }
    }

    @Test(arguments: WebTestBackend.all)
    func endingASessionNeedsTheFormsToken(_ backend: WebTestBackend) async throws {
        try await withBrowsers(backend) { first in
            let second = TestBrowser(first.client)
            try await logIn(second)
            try await logIn(first)
            let reference = try #require(Self.endableReferences(try await first.get("/account/security")).first)
            let forged = try await first.submit("/account/security/end", ["session": reference], withCookies: true)
            #expect(forged.status != .seeOther)
            let forgedAll = try await first.submit("/account/security/end-others", [:], withCookies: true)
            #expect(forgedAll.status != .seeOther)
            #expect(try await second.get("/account").status == .ok)
        }
    }

    @Test(arguments: WebTestBackend.all)
    func failedLoginsAppearInTheHistory(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withBrowsers(backend, clock: clock) { browser in
            let failed = try await logIn(browser, password: "Falsches-Passwort-1!")
            #expect(failed.status != .seeOther)
            clock.advance(by: 1)
            try await logIn(browser)

            let page = try await browser.get("/account/security")
            #expect(page.body.contains("<caption>Die letzten Anmeldungen und Anmeldeversuche, die neueste zuerst</caption>"))
            let outcomes = page.body.matches(of: /<tr class="(succeeded|failed)">/).map { String($0.1) }
            #expect(outcomes == ["succeeded", "failed"])
            #expect(page.body.contains("fehlgeschlagen (falsches Passwort)"))

            let english = try await browser.get("/account/security?lang=en")
            #expect(english.body.contains("failed (wrong password)") && english.body.contains("this session"))
        }
    }

    @Test(arguments: WebTestBackend.all)
    func theSecurityViewNeedsALogin(_ backend: WebTestBackend) async throws {
        try await withBrowsers(backend) { browser in
            for path in ["/account/security", "/account/security/continue"] {
                let page = try await browser.get(path)
                #expect(page.location == "/login")
            }
        }
    }

    /// Logs `browser` in at the SAML portal; the session then has a SAML participant.
    private func signInAtSAMLPortal(_ browser: TestBrowser, clock: TestClock) async throws {
        let start = try await browser.get(SAMLTestPortal.authnRequest(at: clock.now))
        let login = try #require(start.location)
        let handle = String(try #require(login.split(separator: "=").last))
        let form = try await browser.get(login)
        let page = try await SAMLTestPortal.follow(browser, at: clock.now, try await browser.post(
            "/login", ["email": TestAccounts.erika, "password": TestAccounts.password, "saml": handle], from: form
        ))
        #expect(try SAMLTestPortal.answer(in: page).status == "Success")
    }

    /// Ending sessions with SAML participants sends this browser through the portal's single
    /// logout, one round per session, and back to the page: the same round as a logout there.
    @Test(arguments: WebTestBackend.all)
    func theSAMLPortalsOfEndedSessionsGetTheirLogoutRoundThroughThisBrowser(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withTestBrowser(backend, clock: clock, configure: { config in
            SAMLTestPortal.install(metadataDirectory: config.paths.metadata)
        }) { first in
            let others = [TestBrowser(first.client), TestBrowser(first.client)]
            for browser in others { try await signInAtSAMLPortal(browser, clock: clock) }
            try await logIn(first)
            let idp = try SAMLTestPortal.IdentityProviderView(metadata: try await first.get("/saml/metadata").body)

            let page = try await first.get("/account/security")
            var step = try await first.post("/account/security/end-others", [:], from: page)
            var returns: [String?] = []
            while let location = step.location, location.hasPrefix(SAMLTestPortal.singleLogout) {
                let request = try SAMLTestPortal.logoutRequest(at: location)
                step = try await first.get(try SAMLTestPortal.logoutResponse(to: request, idp: idp, at: clock.now))
                returns.append(step.location)
                if step.location == "/account/security/continue" { step = try await first.get("/account/security/continue") }
            }
            #expect(returns == ["/account/security/continue", "/account/security?done=ended"], "one round per session")
            #expect(first.cookie("pforte_ending") == nil)
            for browser in others {
                #expect(try await browser.get("/account").location == "/login")
                let next = try await browser.get(SAMLTestPortal.authnRequest(at: clock.now))
                #expect(next.location?.hasPrefix("/login?saml=") == true)
            }
            #expect(try await first.get("/account").status == .ok)
        }
    }
}
