import Foundation
import Hummingbird
import HummingbirdTesting
import PforteWeb
import Testing

@testable import PforteSAML

/// One SSO session for SAML portals (issue #15), through the router with a test clock on both
/// stores: `ForceAuthn` by the same person keeps the session, a login of another person asks
/// first (`/login/switch`), and either choice answers the portal's AuthnRequest.
@Suite struct SAMLSessionTests {

    private func withPortal(_ backend: WebTestBackend, clock: TestClock,
                            _ test: @escaping @Sendable (TestBrowser) async throws -> Void) async throws {
        try await withTestBrowser(backend, clock: clock, configure: { SAMLTestPortal.install(metadataDirectory: $0.paths.metadata) }, test)
    }

    private static func authnRequest(at instant: Date, forceAuthn: Bool = false) -> String {
        SAMLTestPortal.authnRequest(at: instant, forceAuthn: forceAuthn)
    }

    private static func response(in page: TestBrowser.Page) throws -> (status: String, nameID: String?) {
        let answer = try SAMLTestPortal.answer(in: page)
        return (answer.status, answer.nameID)
    }

    /// Logs in as `email` from the login page the request sent the browser to.
    private func logIn(_ browser: TestBrowser, at location: String, as email: String) async throws -> TestBrowser.Page {
        let handle = String(try #require(location.split(separator: "=").last))
        let page = try await browser.get(location)
        return try await browser.post("/login", ["email": email, "password": TestAccounts.password, "saml": handle], from: page)
    }

    private func signIn(_ browser: TestBrowser, clock: TestClock) async throws -> String {
        let start = try await browser.get(Self.authnRequest(at: clock.now))
        let login = try #require(start.location)
        #expect(login.hasPrefix("/login?saml="))
        let answered = try await SAMLTestPortal.follow(browser, at: clock.now, try await logIn(browser, at: login, as: TestAccounts.erika))
        let (status, nameID) = try Self.response(in: answered)
        #expect(status == "Success")
        return try #require(nameID)
    }

    /// A minute later, `ForceAuthn` answered by a login of another account: the switch page
    /// names both; `decision` is posted, and the page it leads to returned.
    private func switchPerson(_ browser: TestBrowser, clock: TestClock, decision: String) async throws -> TestBrowser.Page {
        clock.advance(by: 60)
        let forced = try await browser.get(Self.authnRequest(at: clock.now, forceAuthn: true))
        let login = try #require(forced.location)
        #expect(login.hasPrefix("/login?saml="))
        let switching = try await logIn(browser, at: login, as: TestAccounts.max)
        #expect(switching.location == "/login/switch")
        let page = try await browser.get("/login/switch")
        #expect(page.body.contains(TestAccounts.erika) && page.body.contains(TestAccounts.max))
        return try await SAMLTestPortal.follow(browser, at: clock.now, try await browser.post("/login/switch", ["decision": decision], from: page))
    }

    @Test(arguments: WebTestBackend.all)
    func forceAuthnBySamePersonKeepsTheSessionAndItsNameID(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortal(backend, clock: clock) { browser in
            let nameID = try await signIn(browser, clock: clock)
            let session = browser.cookie("pforte_session")?.split(separator: ".").first
            clock.advance(by: 60)
            let forced = try await browser.get(Self.authnRequest(at: clock.now, forceAuthn: true))
            let answered = try await SAMLTestPortal.follow(browser, at: clock.now, try await logIn(browser, at: try #require(forced.location), as: TestAccounts.erika))
            #expect(try Self.response(in: answered) == ("Success", nameID))
            #expect(browser.cookie("pforte_session")?.split(separator: ".").first == session)
        }
    }

    @Test(arguments: WebTestBackend.all)
    func cancellingThePersonSwitchAnswersRequestDeniedAndKeepsTheSession(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortal(backend, clock: clock) { browser in
            let nameID = try await signIn(browser, clock: clock)
            let cancelled = try await switchPerson(browser, clock: clock, decision: "cancel")
            #expect(try Self.response(in: cancelled).status == "Responder/RequestDenied")
            // SSO still answers as Erika.
            let again = try await SAMLTestPortal.follow(browser, at: clock.now, try await browser.get(Self.authnRequest(at: clock.now)))
            #expect(try Self.response(in: again) == ("Success", nameID))
        }
    }

    @Test(arguments: WebTestBackend.all)
    func endingTheSessionAnswersTheRequestAsTheOtherAccount(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortal(backend, clock: clock) { browser in
            let nameID = try await signIn(browser, clock: clock)
            let ended = try await switchPerson(browser, clock: clock, decision: "end")
            let (status, other) = try Self.response(in: ended)
            #expect(status == "Success")
            #expect(other != nil && other != nameID)
            let account = try await browser.get("/account")
            #expect(account.body.contains(TestAccounts.max) && !account.body.contains(TestAccounts.erika))
        }
    }
}
