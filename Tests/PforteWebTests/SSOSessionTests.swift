import Foundation
import Hummingbird
import HummingbirdTesting
import PforteConfiguration
import PforteCore
import PforteEID
import PforteWeb
import Testing

/// One SSO session across re-authentication (issue #15): a re-login for `prompt=login` or an
/// exceeded `max_age` keeps the session, so the OIDC `sid` stays and `auth_time` moves on; time
/// passes by the test clock, on both stores.
@Suite struct SSOSessionTests {
    static let redirectURI = OIDCTestPortal.redirectURI

    private func withPortal(_ backend: WebTestBackend, clock: TestClock, eID: EIDConnection? = nil, withBackend: Bool = false,
                            configure: @escaping (inout PforteConfig) -> Void = { _ in },
                            _ test: @escaping @Sendable (TestBrowser) async throws -> Void) async throws {
        try await withTestBrowser(backend, clock: clock, eID: eID, configure: { config in
            OIDCTestPortal.install(clientsDirectory: config.paths.clients, withBackend: withBackend)
            configure(&config)
        }, test)
    }

    /// The ID token's claims after an authorization request of `portal`.
    private func signIn(_ browser: TestBrowser, extra: String = "", as email: String = TestAccounts.erika) async throws -> [String: Any] {
        try OIDCTestPortal.claims(try await OIDCTestPortal.signIn(browser, extra: extra, as: email, password: TestAccounts.password))
    }

    private func logIn(_ browser: TestBrowser, at location: String, as email: String) async throws -> TestBrowser.Page {
        try await OIDCTestPortal.logIn(browser, at: location, as: email, password: TestAccounts.password)
    }

    private func finish(_ browser: TestBrowser, _ step: TestBrowser.Page) async throws -> [String: Any] {
        try OIDCTestPortal.claims(try await OIDCTestPortal.finish(browser, step))
    }

    private static func authorize(_ extra: String) -> String {
        OIDCTestPortal.authorize(extra)
    }

    @Test(arguments: WebTestBackend.all)
    func aReLoginForPromptLoginKeepsTheSessionAndMovesAuthTime(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortal(backend, clock: clock) { browser in
            let first = try await signIn(browser)
            let sid = try #require(first["sid"] as? String)
            clock.advance(by: 60)
            let again = try await signIn(browser, extra: "&prompt=login")
            #expect(again["sid"] as? String == sid)
            #expect(again["auth_time"] as? Int == (first["auth_time"] as? Int).map { $0 + 60 })
            #expect(again["amr"] as? [String] == ["pwd"])
        }
    }

    @Test(arguments: WebTestBackend.all)
    func anExceededMaxAgeAsksForTheLoginOnceAndKeepsTheSession(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortal(backend, clock: clock) { browser in
            let first = try await signIn(browser)
            clock.advance(by: 120)
            // Within max_age the session answers without a login.
            let within = try await browser.get(Self.authorize("&max_age=600"))
            #expect(within.location?.hasPrefix(Self.redirectURI) == true)
            let again = try await signIn(browser, extra: "&max_age=60")
            #expect(again["sid"] as? String == first["sid"] as? String)
            #expect(again["auth_time"] as? Int == (first["auth_time"] as? Int).map { $0 + 120 })
        }
    }

    @Test(arguments: WebTestBackend.all)
    func aReLoginWithinTheSameSecondStillCountsAsTheLoginAskedFor(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortal(backend, clock: clock) { browser in
            let first = try await signIn(browser)
            // No time passes: the re-login is recorded one second later, so the request sent to
            // log in recognises it instead of asking again.
            let again = try await signIn(browser, extra: "&prompt=login")
            #expect(again["sid"] as? String == first["sid"] as? String)
            #expect(again["auth_time"] as? Int == (first["auth_time"] as? Int).map { $0 + 1 })
        }
    }

    /// A re-login for `prompt=login` by another account: the person-switch page names both;
    /// the session and its portals stay untouched until the citizen chooses.
    private func reLoginAsOtherAccount(_ browser: TestBrowser) async throws -> TestBrowser.Page {
        let start = try await browser.get(Self.authorize("&prompt=login"))
        let login = try await logIn(browser, at: try #require(start.location), as: TestAccounts.max)
        #expect(login.location == "/login/switch")
        let page = try await browser.get("/login/switch")
        #expect(page.status == .ok)
        #expect(page.body.contains(TestAccounts.erika) && page.body.contains(TestAccounts.max))
        return page
    }

    @Test(arguments: WebTestBackend.all)
    func cancellingThePersonSwitchAnswersAccessDeniedAndKeepsTheSession(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortal(backend, clock: clock) { browser in
            let first = try await signIn(browser)
            clock.advance(by: 60)
            let page = try await reLoginAsOtherAccount(browser)
            let cancelled = try await browser.post("/login/switch", ["decision": "cancel"], from: page)
            let redirect = try #require(cancelled.location)
            #expect(redirect.hasPrefix(Self.redirectURI) && redirect.contains("error=access_denied"))
            #expect(browser.cookie("pforte_switch") == nil)
            // The session is Erika's as before: SSO answers without a login, same sid and sub.
            let again = try await finish(browser, try await browser.get(Self.authorize("")))
            #expect(again["sid"] as? String == first["sid"] as? String)
            #expect(again["sub"] as? String == first["sub"] as? String)
            #expect(again["auth_time"] as? Int == first["auth_time"] as? Int)
        }
    }

    @Test(arguments: WebTestBackend.all)
    func endingTheSessionContinuesThePortalsRequestAsTheOtherAccount(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortal(backend, clock: clock) { browser in
            let first = try await signIn(browser)
            clock.advance(by: 60)
            let page = try await reLoginAsOtherAccount(browser)
            let ended = try await browser.post("/login/switch", ["decision": "end"], from: page)
            let next = try #require(ended.location)
            #expect(next.hasPrefix("/authorize/continue?handle="))
            let switched = try await finish(browser, try await browser.get(next))
            #expect(switched["sub"] as? String != first["sub"] as? String)
            #expect(switched["sid"] as? String != first["sid"] as? String)
            #expect(browser.cookie("pforte_switch") == nil)
            // Only Max's session is left in the browser.
            let account = try await browser.get("/account")
            #expect(account.body.contains(TestAccounts.max) && !account.body.contains(TestAccounts.erika))
        }
    }

    @Test(arguments: WebTestBackend.all)
    func aPlainLoginOfAnotherAccountAsksTooAndCancelReturnsToTheAccount(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortal(backend, clock: clock) { browser in
            _ = try await signIn(browser)
            // A signed-in browser is sent on from /login; a login form still open in another tab posts.
            let form = try await browser.get("/account")
            let login = try await browser.post("/login", ["email": TestAccounts.max, "password": TestAccounts.password], from: form)
            #expect(login.location == "/login/switch")
            let page = try await browser.get("/login/switch?lang=en")
            #expect(page.body.contains("different Servicekonto"))
            // Without the CSRF token the choice is refused.
            let forged = try await browser.client.execute(
                uri: "/login/switch", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "decision=end")
            ) { $0.status }
            #expect(forged != .seeOther)
            let cancelled = try await browser.post("/login/switch", ["decision": "cancel"], from: page)
            #expect(cancelled.location == "/account")
            let account = try await browser.get("/account")
            #expect(account.body.contains(TestAccounts.erika) && !account.body.contains(TestAccounts.max))
        }
    }

    /// The seeds' 20-minute idle timeout as the browser meets it: the next page is the login
    /// page saying why, and the session cookie is removed.
    @Test(arguments: WebTestBackend.all)
    func anIdleSessionEndsAndTheLoginPageSaysSo(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortal(backend, clock: clock) { browser in
            _ = try await signIn(browser)
            clock.advance(by: 20 * 60 - 1)
            #expect(try await browser.get("/account").status == .ok)
            clock.advance(by: 20 * 60 + 1)
            var page = try await browser.get("/account")
            #expect(browser.cookie("pforte_session") == nil)
            while let location = page.location {
                page = try await browser.get(location)
            }
            #expect(page.body.contains(#"data-page="login""#))
            #expect(page.body.contains(#"id="session-expired""#) && page.body.contains("20 Minuten"))
        }
    }

    /// A form-posted authorization request continues by GET (issue #15 item 4), so the
    /// session cookie, which a cross-site POST does not carry, answers it like a GET.
    @Test(arguments: WebTestBackend.all)
    func aPostedAuthorizationRequestIsAnsweredByTheSessionAsAGetIs(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortal(backend, clock: clock) { browser in
            let first = try await signIn(browser)
            for extra in ["", "&prompt=none"] {
                let query = try #require(Self.authorize(extra).split(separator: "?", maxSplits: 1).last.map(String.init))
                let posted = try await browser.client.execute(
                    uri: "/authorize", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: query)
                ) { try #require($0.headers[.location]) }
                #expect(posted.hasPrefix("/authorize/continue?handle="))
                let answered = try await finish(browser, try await browser.get(posted))
                #expect(answered["sid"] as? String == first["sid"] as? String)
                // The handle is spent.
                #expect(try await browser.get(posted).status == .badRequest)
            }
        }
    }

    /// Refresh rotation that survives parallel use (issue #15 item 5): the confidential client
    /// that presents a spent refresh token again within the grace gets a working pair of the
    /// same family; after the grace, the reuse revokes the family (RFC 9700 §4.14.2).
    @Test(arguments: WebTestBackend.all)
    func aRefreshReuseWithinTheGraceGetsAPairAndAfterItRevokesTheFamily(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortal(backend, clock: clock, withBackend: true) { browser in
            let tokens = try await OIDCTestPortal.signIn(browser, clientID: "backend", as: TestAccounts.erika, password: TestAccounts.password)
            let spent = try #require(tokens["refresh_token"] as? String)
            let first = try await refresh(browser, "backend", spent)
            clock.advance(by: 5)
            let again = try await refresh(browser, "backend", spent)
            #expect(first.0 == .ok && again.0 == .ok)
            #expect(first.1["refresh_token"] as? String != again.1["refresh_token"] as? String)
            for pair in [first.1, again.1] {
                #expect(try await userinfo(browser, pair) == .ok)
            }
            let onward = try await refresh(browser, "backend", try #require(first.1["refresh_token"] as? String))
            #expect(onward.0 == .ok)

            clock.advance(by: 6)
            let late = try await refresh(browser, "backend", spent)
            #expect(late.0 == .badRequest && late.1["error"] as? String == "invalid_grant")
            for pair in [again.1, onward.1] {
                #expect(try await userinfo(browser, pair) == .unauthorized)
                #expect(try await refresh(browser, "backend", try #require(pair["refresh_token"] as? String)).0 == .badRequest)
            }
        }
    }

    @Test(arguments: WebTestBackend.all)
    func aPublicClientsRefreshReuseRevokesTheFamilyAtOnce(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortal(backend, clock: clock) { browser in
            let tokens = try await OIDCTestPortal.signIn(browser, as: TestAccounts.erika, password: TestAccounts.password)
            let spent = try #require(tokens["refresh_token"] as? String)
            let first = try await refresh(browser, "portal", spent)
            #expect(first.0 == .ok)
            #expect(try await refresh(browser, "portal", spent).0 == .badRequest)
            #expect(try await userinfo(browser, first.1) == .unauthorized)
        }
    }

    @Test(arguments: WebTestBackend.all)
    func theGraceCanBeSwitchedOff(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortal(backend, clock: clock, withBackend: true,
                             configure: { $0.oidc.refreshTokenReuseGraceSeconds = 0 }) { browser in
            let tokens = try await OIDCTestPortal.signIn(browser, clientID: "backend", as: TestAccounts.erika, password: TestAccounts.password)
            let spent = try #require(tokens["refresh_token"] as? String)
            #expect(try await refresh(browser, "backend", spent).0 == .ok)
            #expect(try await refresh(browser, "backend", spent).0 == .badRequest)
        }
    }

    private func refresh(_ browser: TestBrowser, _ clientID: String, _ token: String) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await OIDCTestPortal.tokenRequest(browser.client, clientID: clientID, ["grant_type": "refresh_token", "refresh_token": token])
    }

    private func userinfo(_ browser: TestBrowser, _ tokens: [String: Any]) async throws -> HTTPResponse.Status {
        let token = try #require(tokens["access_token"] as? String)
        return try await browser.client.execute(uri: "/userinfo", method: .get, headers: [.authorization: "Bearer \(token)"]) { $0.status }
    }

    /// Level-dependent lifetimes (issue #15): an hour after the card, the session goes on at
    /// `normal`; a portal asking for `hoch` gets the card again, with the reason on the page,
    /// and the session (its `sid`) stays throughout.
    @Test(arguments: WebTestBackend.all)
    func aLevelOlderThanItsMaximumAgeIsAskedForAgainWithinTheSameSession(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortal(backend, clock: clock, eID: try Self.erikasCard()) { browser in
            let password = try await signIn(browser)
            let stepUp = try await browser.get(Self.authorize(Self.high))
            let linked = try await cardLogin(browser, at: try #require(stepUp.location), linkingTo: TestAccounts.erika)
            let high = try await finish(browser, try await browser.get(linked))
            #expect(high["acr"] as? String == TrustLevel.hoch.eidasURI)
            #expect(high["sid"] as? String == password["sid"] as? String)

            // Active for 65 minutes: the session lives on, the card's level does not.
            for _ in 0..<5 {
                clock.advance(by: 13 * 60)
                #expect(try await browser.get("/account").status == .ok)
            }
            let normal = try await finish(browser, try await browser.get(Self.authorize("")))
            #expect(normal["acr"] as? String == TrustLevel.normal.eidasURI)
            #expect(normal["sid"] as? String == high["sid"] as? String)

            let again = try await browser.get(Self.authorize(Self.high))
            let login = try #require(again.location)
            #expect(login.hasPrefix("/login?continue="))
            let page = try await browser.get(login)
            #expect(page.body.contains(#"id="level-lapsed""#) && page.body.contains("60 Minuten"))
            let csrfCookie = browser.cookie("pforte_csrf")
            let renewed = try await finish(browser, try await browser.get(try await cardLogin(browser, at: login)))
            // The eID login is a login: forms rendered before it no longer post (issue #18).
            #expect(browser.cookie("pforte_csrf") != csrfCookie)
            #expect(renewed["acr"] as? String == TrustLevel.hoch.eidasURI)
            #expect(renewed["sid"] as? String == high["sid"] as? String)
            #expect((renewed["auth_time"] as? Int ?? 0) > (high["auth_time"] as? Int ?? .max))
        }
    }

    @Test(arguments: WebTestBackend.all)
    func aLevelWithinItsMaximumAgeNeedsNoNewLoginAndALapsedOneNoNoticeForNormal(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortal(backend, clock: clock, eID: try Self.erikasCard()) { browser in
            _ = try await signIn(browser)
            let stepUp = try await browser.get(Self.authorize(Self.high))
            _ = try await finish(browser, try await browser.get(try await cardLogin(browser, at: try #require(stepUp.location), linkingTo: TestAccounts.erika)))
            clock.advance(by: 15 * 60)
            let within = try await browser.get(Self.authorize(Self.high))
            #expect(within.location?.hasPrefix(Self.redirectURI) == true)
            // A prompt=login after the level lapsed is a re-login, not a level problem: no notice.
            for _ in 0..<4 {
                clock.advance(by: 15 * 60)
                #expect(try await browser.get("/account").status == .ok)
            }
            let relogin = try await browser.get(Self.authorize("&prompt=login"))
            let page = try await browser.get(try #require(relogin.location))
            #expect(!page.body.contains(#"id="level-lapsed""#))
        }
    }

    /// A step-up whose card belongs to another account (issue #15 item 3): the card is Max's,
    /// linked to his account in another browser; Erika's portal asks for `hoch` and gets the
    /// person-switch page instead of Max's identity.
    @Test(arguments: WebTestBackend.all)
    func aStepUpWithTheCardOfAnotherAccountAsksFirst(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortal(backend, clock: clock, eID: try Self.erikasCard()) { browser in
            let max = TestBrowser(browser.client)
            _ = try await signIn(max, as: TestAccounts.max)
            let linking = try await max.get(Self.authorize(Self.high))
            _ = try await finish(max, try await max.get(try await cardLogin(max, at: try #require(linking.location), linkingTo: TestAccounts.max)))

            let erika = try await signIn(browser)
            let stepUp = try await browser.get(Self.authorize(Self.high))
            #expect(try await cardLogin(browser, at: try #require(stepUp.location)) == "/login/switch")
            let page = try await browser.get("/login/switch")
            #expect(page.body.contains(TestAccounts.erika) && page.body.contains(TestAccounts.max))
            let cancelled = try await browser.post("/login/switch", ["decision": "cancel"], from: page)
            #expect(cancelled.location?.contains("error=access_denied") == true)
            let again = try await finish(browser, try await browser.get(Self.authorize("")))
            #expect(again["sub"] as? String == erika["sub"] as? String && again["sid"] as? String == erika["sid"] as? String)
            #expect(again["acr"] as? String == TrustLevel.normal.eidasURI)
        }
    }

    /// A scripted eID-Server that reads Erika's card.
    private static func erikasCard() throws -> EIDConnection {
        let server = ScriptedEIDServer()
        server.script(.success(try ScriptedEIDServer.erika()))
        return EIDConnection(connector: server, fallbackServerAddress: URL(string: "https://eid.example.de/ecard")!)
    }

    private static let high = "&acr_values=" + TrustLevel.hoch.eidasURI.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!

    /// Logs in with the (scripted) card from the login page at `location`; the first time, links
    /// the card to the account of `email` by its password. Returns where the browser goes next.
    private func cardLogin(_ browser: TestBrowser, at location: String, linkingTo email: String? = nil) async throws -> String {
        let handle = String(try #require(location.split(separator: "=").last).prefix { $0 != "&" })
        let login = try await browser.get(location)
        let start = try await browser.post("/eid/start", ["purpose": "login", "client": "desktop", "continue": handle], from: login)
        let clientURL = try #require(start.location)
        let tcTokenURL = try #require(URLComponents(string: clientURL)?.queryItems?.first { $0.name == "tcTokenURL" }?.value)
        let token = try await browser.get(tcTokenURL, withCookies: false)
        let refresh = try #require(token.body.firstMatch(of: /<RefreshAddress>([^<]+)<\/RefreshAddress>/).map { String($0.1) })
        let answer = try await browser.get(refresh.replacingOccurrences(of: "&amp;", with: "&") + "&ResultMajor=ok", withCookies: false)
        let finished = try await browser.get(try #require(answer.location))
        var next = try #require(finished.location)
        if let email {
            let unknown = try await browser.get(next)
            let form = try #require(unknown.body.firstMatch(of: /name="handle" value="([^"]+)"/).map { String($0.1) })
            let link = try await browser.post("/eid/link", ["handle": form, "linkEmail": email, "linkPassword": TestAccounts.password], from: unknown)
            next = try #require(link.location)
        }
        return next
    }
}
