import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import PforteSAML

/// A Land's citizen in one SSO session (issue #15 items 6 and 7), through the router with a
/// test clock on both stores: the Land's answer is validated before it spends the login and is
/// bound to the browser that started it; the Land's LogoutRequest ends the session everywhere.
@Suite struct FederationSessionTests {

    let land = LandTestPeer.land

    func withLand(_ backend: WebTestBackend, clock: TestClock,
                          _ test: @escaping @Sendable (TestBrowser) async throws -> Void) async throws {
        try await withTestBrowser(backend, clock: clock, configure: { config in
            land.install(metadataDirectory: config.paths.metadata)
            OIDCTestPortal.install(clientsDirectory: config.paths.clients)
        }, test)
    }

    /// The portal's authorization request, sent on to the Land from the login page.
    func toLand(_ browser: TestBrowser, extra: String = "") async throws -> LandTestPeer.ReceivedAuthnRequest {
        let login = try #require(try await browser.get(OIDCTestPortal.authorize(extra)).location)
        let handle = String(try #require(login.split(separator: "=").last).prefix { $0 != "&" })
        let page = try await browser.get(login)
        let sent = try await browser.post("/federation/start", ["continue": handle, "land": land.entityID], from: page)
        let location = try #require(sent.location)
        #expect(location.hasPrefix(land.identityProvider.singleSignOnURL + "?"))
        return try LandTestPeer.authnRequest(at: location)
    }

    /// The Land's page posts to our ACS (a cross-site POST: no cookies); the browser continues
    /// by GET, through the federation's consent, back to the portal: its token response.
    func backToPortal(_ browser: TestBrowser, _ fields: [String: String]) async throws -> [String: Any] {
        let parked = try await browser.submit("/federation/acs", fields)
        var step = try await browser.get(try #require(parked.location))
        for _ in 0..<10 {
            if let location = step.location, !location.hasPrefix(OIDCTestPortal.redirectURI) {
                step = try await browser.get(location)
            } else if step.body.contains(#"data-page="federation-consent""#) {
                var answer = Dictionary(
                    step.body.matches(of: /<input type="hidden" name="([^"]+)" value="([^"]*)"/).map { (String($0.1), String($0.2)) },
                    uniquingKeysWith: { first, _ in first }
                )
                answer["decision"] = "allow"
                step = try await browser.post("/federation/consent", answer, from: step)
            } else {
                break
            }
        }
        return try await OIDCTestPortal.finish(browser, step)
    }

    @Test(arguments: WebTestBackend.all)
    func junkAndForgedAnswersWithTheRealRelayStateLeaveTheLoginIntact(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withLand(backend, clock: clock) { browser in
            let request = try await toLand(browser)
            let ours = try await LandTestPeer.ourServiceProvider(browser)
            let attacker = TestBrowser(browser.client)
            let forged = try LandTestPeer.impostor.answer(request, to: ours, subject: "mallory", at: clock.now)
            for junk in ["not-base64!", Data("<samlp:Response/>".utf8).base64EncodedString(), try #require(forged["SAMLResponse"])] {
                let refused = try await attacker.submit("/federation/acs", ["SAMLResponse": junk, "RelayState": request.relayState])
                #expect(refused.status == .badRequest)
                #expect(refused.body.contains(#"data-page="federation-error""#))
            }
            let csrfCookie = browser.cookie("pforte_csrf")
            let tokens = try await backToPortal(browser, try land.answer(request, to: ours, at: clock.now))
            #expect(try OIDCTestPortal.claims(tokens)["sub"] != nil)
            // The Land's login is a login: forms rendered before it no longer post (issue #18).
            #expect(browser.cookie("pforte_csrf") != csrfCookie)
        }
    }

    /// Login CSRF: a genuine answer continued in a browser that never started the login.
    @Test(arguments: WebTestBackend.all)
    func anAnswerContinuedInAnotherBrowserLogsNobodyIn(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withLand(backend, clock: clock) { browser in
            let request = try await toLand(browser)
            let answer = try land.answer(request, to: try await LandTestPeer.ourServiceProvider(browser), at: clock.now)
            let victim = TestBrowser(browser.client)
            let parked = try await victim.submit("/federation/acs", answer, withCookies: true)
            let location = try #require(parked.location)
            #expect(location.hasPrefix("/federation/continue?handle="))
            let refused = try await victim.get(location)
            #expect(refused.status == .forbidden)
            #expect(refused.body.contains("anderen Browser"))
            #expect(victim.cookie("pforte_session") == nil)
            #expect(try await victim.get("/account").location?.hasPrefix("/login") == true)
        }
    }

    /// The Land ended its citizen's session: by Redirect (a top-level GET, so the browser's
    /// cookie comes along) or by POST (cross-site, without it), the session ends here too, the
    /// portal's tokens die, and the Land gets its LogoutResponse.
    @Test(arguments: WebTestBackend.all, [SAMLBinding.redirect, .post])
    func aLandLogoutRequestEndsTheFederatedSessionEverywhere(_ backend: WebTestBackend, binding: SAMLBinding) async throws {
        let clock = TestClock()
        try await withLand(backend, clock: clock) { browser in
            let request = try await toLand(browser)
            let tokens = try await backToPortal(browser, try land.answer(request, to: try await LandTestPeer.ourServiceProvider(browser), at: clock.now))
            #expect(try await browser.get("/account").status == .ok)
            clock.advance(by: 60)

            let ours = try await LandTestPeer.ourServiceProvider(browser, postOnly: binding == .post)
            let answer: TestBrowser.Page
            switch try land.logoutRequest(to: ours, at: clock.now) {
            case .redirect(let url):
                #expect(binding == .redirect)
                answer = try await browser.get(url)
                #expect(browser.cookie("pforte_session") == nil)
            case .post(let form):
                #expect(binding == .post)
                answer = try await browser.submit(TestBrowser.local(form.action), ["SAMLRequest": form.message, "RelayState": form.relayState ?? ""])
            }
            let landLogout = land.identityProvider.singleLogoutURL
            #expect(answer.location?.hasPrefix(landLogout + "?SAMLResponse=") == true || answer.body.contains(#"action="\#(landLogout)""#))

            #expect(try await browser.get("/account").location?.hasPrefix("/login") == true)
            let refresh = try await OIDCTestPortal.tokenRequest(browser.client, clientID: "portal", [
                "grant_type": "refresh_token", "refresh_token": try #require(tokens["refresh_token"] as? String),
            ])
            #expect(refresh.0 == .badRequest)
        }
    }

    /// A re-login through a Land that lands on another account than the session's: the
    /// person-switch page names both, and cancelling keeps Erika's session.
    @Test(arguments: WebTestBackend.all)
    func aLandLoginOfAnotherAccountAsksBeforeTheSessionChanges(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withLand(backend, clock: clock) { browser in
            let erika = try OIDCTestPortal.claims(try await OIDCTestPortal.signIn(browser, as: TestAccounts.erika, password: TestAccounts.password))
            clock.advance(by: 60)
            let request = try await toLand(browser, extra: "&prompt=login")
            let answer = try land.answer(request, to: try await LandTestPeer.ourServiceProvider(browser), at: clock.now)
            let continued = try await browser.get(try #require(try await browser.submit("/federation/acs", answer).location))
            #expect(continued.location == "/login/switch")
            let page = try await browser.get("/login/switch")
            #expect(page.body.contains(TestAccounts.erika) && page.body.contains("max@land.example"))
            let cancelled = try await browser.post("/login/switch", ["decision": "cancel"], from: page)
            #expect(cancelled.location?.hasPrefix(OIDCTestPortal.redirectURI) == true && cancelled.location?.contains("error=access_denied") == true)
            let again = try OIDCTestPortal.claims(try await OIDCTestPortal.finish(browser, try await browser.get(OIDCTestPortal.authorize())))
            #expect(again["sid"] as? String == erika["sid"] as? String && again["sub"] as? String == erika["sub"] as? String)
        }
    }
}
