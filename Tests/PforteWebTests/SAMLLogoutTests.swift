import Foundation
import Hummingbird
import HummingbirdTesting
import PforteWeb
import Testing

@testable import PforteSAML

/// Logout from any side ends the whole session (issue #15 items 1 and 8), through the router
/// with a test clock on both stores: a SAML portal and an OIDC portal share Erika's session; the
/// portal's LogoutRequest is sent as Shibboleth SP 3 sends it by default.
@Suite struct SAMLLogoutTests {

    private func withPortals(_ backend: WebTestBackend, clock: TestClock,
                             _ test: @escaping @Sendable (TestBrowser) async throws -> Void) async throws {
        try await withTestBrowser(backend, clock: clock, configure: { config in
            SAMLTestPortal.install(metadataDirectory: config.paths.metadata)
            OIDCTestPortal.install(clientsDirectory: config.paths.clients)
        }, test)
    }

    /// Logs in at the SAML portal, then at the OIDC portal by SSO: one session, two portals.
    private func signInAtBoth(_ browser: TestBrowser, clock: TestClock) async throws -> (SAMLTestPortal.Answer, [String: Any]) {
        let start = try await browser.get(SAMLTestPortal.authnRequest(at: clock.now))
        let login = try #require(start.location)
        let handle = String(try #require(login.split(separator: "=").last))
        let form = try await browser.get(login)
        let page = try await SAMLTestPortal.follow(
            browser, at: clock.now, try await browser.post("/login", ["email": TestAccounts.erika, "password": TestAccounts.password, "saml": handle], from: form)
        )
        let answer = try SAMLTestPortal.answer(in: page)
        #expect(answer.status == "Success")
        let tokens = try await OIDCTestPortal.signIn(browser, as: TestAccounts.erika, password: TestAccounts.password)
        #expect(try OIDCTestPortal.claims(tokens)["sid"] != nil)
        return (answer, tokens)
    }

    private func identityProvider(_ browser: TestBrowser) async throws -> SAMLTestPortal.IdentityProviderView {
        try SAMLTestPortal.IdentityProviderView(metadata: try await browser.get("/saml/metadata").body)
    }

    /// The portal's LogoutRequest for the session of its `answer`.
    private func portalLogout(_ browser: TestBrowser, _ answer: SAMLTestPortal.Answer, _ clock: TestClock, asynchronous: Bool = false,
                              signedBy key: SAMLTestPortal.SigningKey = SAMLTestPortal.key) async throws -> String {
        try SAMLTestPortal.encryptedLogoutRequest(
            to: try await identityProvider(browser), nameID: try #require(answer.nameID), sessionIndex: try #require(answer.sessionIndex),
            asynchronous: asynchronous, at: clock.now, signedBy: key
        )
    }

    /// What is left of the session afterwards: nothing. The SAML portal's next request needs a
    /// login, and the OIDC portal's refresh token is dead.
    private func expectSessionEnded(_ browser: TestBrowser, clock: TestClock, tokens: [String: Any]) async throws {
        #expect(browser.cookie("pforte_session") == nil)
        let next = try await browser.get(SAMLTestPortal.authnRequest(at: clock.now))
        #expect(next.location?.hasPrefix("/login?saml=") == true)
        let refresh = try await OIDCTestPortal.tokenRequest(browser.client, clientID: "portal", [
            "grant_type": "refresh_token", "refresh_token": try #require(tokens["refresh_token"] as? String),
        ])
        #expect(refresh.0 == .badRequest)
    }

    /// Answered by a LogoutResponse to the portal, unless it asked for none (`aslo:Asynchronous`):
    /// then the browser ends at Pforte.
    @Test(arguments: WebTestBackend.all, [false, true])
    func anEncryptedIDLogoutRequestEndsTheSessionEverywhere(_ backend: WebTestBackend, asynchronous: Bool) async throws {
        let clock = TestClock()
        try await withPortals(backend, clock: clock) { browser in
            let (answer, tokens) = try await signInAtBoth(browser, clock: clock)
            clock.advance(by: 30)
            let location = try #require(try await browser.get(try await portalLogout(browser, answer, clock, asynchronous: asynchronous)).location)
            if asynchronous {
                #expect(location == "/logged-out")
            } else {
                #expect(location.hasPrefix(SAMLTestPortal.singleLogout + "?SAMLResponse="))
                #expect(location.contains("RelayState=portal-state"))
            }
            try await expectSessionEnded(browser, clock: clock, tokens: tokens)
        }
    }

    /// A LogoutRequest that cannot be trusted still ends the browser's own session: the portal
    /// has already ended its own, and a shared computer must not stay signed in.
    @Test(arguments: WebTestBackend.all)
    func aRefusedLogoutRequestStillEndsTheBrowsersSessionOnALogoutPage(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortals(backend, clock: clock) { browser in
            let (answer, tokens) = try await signInAtBoth(browser, clock: clock)
            let forged = try await portalLogout(browser, answer, clock, signedBy: SAMLTestPortal.strangerKey)
            // The session's portals get their round (this one too), which ends on the page.
            let round = try await browser.get(forged)
            #expect(round.location?.hasPrefix(SAMLTestPortal.singleLogout + "?SAMLRequest=") == true)
            let page = try await SAMLTestPortal.follow(browser, at: clock.now, round)
            #expect(page.location == nil)
            #expect(page.body.contains("Abmeldung") && !page.body.contains("Anmeldung nicht möglich"))
            try await expectSessionEnded(browser, clock: clock, tokens: tokens)
        }
    }

    /// An RP-initiated OIDC logout with the ID token of the first login (a re-login came
    /// since): the SAML portal gets its LogoutRequest, and after its answer the browser ends at
    /// the OIDC portal's `post_logout_redirect_uri` with its `state`.
    @Test(arguments: WebTestBackend.all)
    func anOIDCLogoutRunsTheSAMLRoundAndEndsAtThePostLogoutRedirectURI(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortals(backend, clock: clock) { browser in
            let (_, tokens) = try await signInAtBoth(browser, clock: clock)
            clock.advance(by: 60)
            let again = try await OIDCTestPortal.signIn(browser, extra: "&prompt=login", as: TestAccounts.erika, password: TestAccounts.password)
            #expect(try OIDCTestPortal.claims(again)["sid"] as? String == OIDCTestPortal.claims(tokens)["sid"] as? String)

            let hint = try #require(tokens["id_token"] as? String)
            let logout = try await browser.get("/logout?id_token_hint=\(hint)&state=mixed&post_logout_redirect_uri="
                + OIDCTestPortal.postLogoutRedirectURI.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            let request = try SAMLTestPortal.logoutRequest(at: try #require(logout.location))
            #expect(browser.cookie("pforte_session") == nil)
            let answered = try await browser.get(try SAMLTestPortal.logoutResponse(to: request, idp: try await identityProvider(browser), at: clock.now))
            #expect(answered.location == OIDCTestPortal.postLogoutRedirectURI + "?state=mixed")
            try await expectSessionEnded(browser, clock: clock, tokens: again)
        }
    }
}
