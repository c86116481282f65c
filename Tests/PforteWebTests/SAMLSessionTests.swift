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
    static let email = "erika@example.de"
    static let otherEmail = "max@example.de"
    static let password = "Sichere-Passphrase-2026!"
    static let entityID = "https://portal.example.de/sp"
    static let acs = "https://portal.example.de/acs"

    private func withPortal(_ backend: WebTestBackend, clock: TestClock,
                            _ test: @escaping @Sendable (TestBrowser) async throws -> Void) async throws {
        try await withTestApplication(
            configure: { config in
                let directory = URL(fileURLWithPath: config.paths.metadata).appendingPathComponent("sp")
                try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try? """
                <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="\(Self.entityID)">
                <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
                <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="\(Self.acs)" index="0"/>
                </md:SPSSODescriptor></md:EntityDescriptor>
                """.write(to: directory.appendingPathComponent("portal.xml"), atomically: true, encoding: .utf8)
                try? "require_signed_requests: false\nencrypt_assertions: false\n"
                    .write(to: directory.appendingPathComponent("portal.yaml"), atomically: true, encoding: .utf8)
            },
            clock: clock.pforteClock, backend: backend,
            prepare: { services in
                for email in [Self.email, Self.otherEmail] {
                    _ = try await services.administration.createActivatedAccount(
                        email: email, givenNames: "Erika", familyName: "Mustermann", password: Self.password
                    )
                }
            }
        ) { client in
            try await test(TestBrowser(client))
        }
    }

    /// An unsigned AuthnRequest by HTTP-Redirect, issued at the application's time.
    private static func authnRequest(at instant: Date, forceAuthn: Bool = false) -> String {
        let xml = """
            <samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" \
            ID="_\(UUID().uuidString)" Version="2.0" IssueInstant="\(SAMLTime.format(instant))" ForceAuthn="\(forceAuthn)" \
            AssertionConsumerServiceURL="\(acs)"><saml:Issuer>\(entityID)</saml:Issuer></samlp:AuthnRequest>
            """
        return "/saml/sso?SAMLRequest=" + RedirectBinding.formEncoded(RawDeflate.compress(Data(xml.utf8)).base64EncodedString())
    }

    /// The status and NameID of the Response a self-posting page carries.
    private static func response(in page: TestBrowser.Page) throws -> (status: String, nameID: String?) {
        let encoded = try #require(page.body.firstMatch(of: /name="SAMLResponse" id="SAMLResponse" value="([^"]+)"/).map { String($0.1) })
        let xml = String(decoding: try #require(Data(base64Encoded: encoded)), as: UTF8.self)
        let codes = xml.matches(of: /StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:([A-Za-z]+)"/).map { String($0.1) }
        let nameID = xml.firstMatch(of: /<saml:NameID[^>]*>([^<]+)<\/saml:NameID>/).map { String($0.1) }
        return (codes.joined(separator: "/"), nameID)
    }

    /// Follows redirects within Pforte until a page.
    private func follow(_ browser: TestBrowser, _ page: TestBrowser.Page) async throws -> TestBrowser.Page {
        var page = page
        for _ in 0..<8 {
            guard let location = page.location, !location.hasPrefix("https://portal.example.de") else { return page }
            page = try await browser.get(location)
        }
        return page
    }

    /// Logs in as `email` from the login page the request sent the browser to.
    private func logIn(_ browser: TestBrowser, at location: String, as email: String) async throws -> TestBrowser.Page {
        let handle = String(try #require(location.split(separator: "=").last))
        let page = try await browser.get(location)
        return try await browser.post("/login", ["email": email, "password": Self.password, "saml": handle], from: page)
    }

    private func signIn(_ browser: TestBrowser, clock: TestClock) async throws -> String {
        let start = try await browser.get(Self.authnRequest(at: clock.now))
        let login = try #require(start.location)
        #expect(login.hasPrefix("/login?saml="))
        let answered = try await follow(browser, try await logIn(browser, at: login, as: Self.email))
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
        let switching = try await logIn(browser, at: login, as: Self.otherEmail)
        #expect(switching.location == "/login/switch")
        let page = try await browser.get("/login/switch")
        #expect(page.body.contains(Self.email) && page.body.contains(Self.otherEmail))
        return try await follow(browser, try await browser.post("/login/switch", ["decision": decision], from: page))
    }

    @Test(arguments: WebTestBackend.all)
    func forceAuthnBySamePersonKeepsTheSessionAndItsNameID(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortal(backend, clock: clock) { browser in
            let nameID = try await signIn(browser, clock: clock)
            let session = browser.cookie("pforte_session")?.split(separator: ".").first
            clock.advance(by: 60)
            let forced = try await browser.get(Self.authnRequest(at: clock.now, forceAuthn: true))
            let answered = try await follow(browser, try await logIn(browser, at: try #require(forced.location), as: Self.email))
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
            let again = try await follow(browser, try await browser.get(Self.authnRequest(at: clock.now)))
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
            #expect(account.body.contains(Self.otherEmail) && !account.body.contains(Self.email))
        }
    }
}
