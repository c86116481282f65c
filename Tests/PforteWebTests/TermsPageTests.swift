import Foundation
import HummingbirdTesting
import PforteAccounts
import PforteConfiguration
import PforteWeb
import Testing

/// Terms of use versions through the pages, on both stores (issue #19 item 1): `/register`
/// requires the acceptance of the version in force and the under-16 rule; a version that takes
/// effect later is asked for at the next login, in the OIDC flow before the portal gets its
/// code; declining leads to the deletion path.
@Suite struct TermsPageTests {
    /// v1 in force since yesterday; v2 takes effect in three days (UTC days of the test clock).
    private static func versionsFile(_ clock: TestClock) -> String {
        let day = floor(clock.now.timeIntervalSince1970 / 86400) * 86400
        func format(_ offset: Double) -> String {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withFullDate]
            return formatter.string(from: Date(timeIntervalSince1970: day + offset * 86400))
        }
        return """
            citizen       v1  \(format(-1))  nutzungsbedingungen
            organisation  o1  \(format(-1))  einwilligung
            citizen       v2  \(format(3))   nutzungsbedingungen-v2
            """
    }

    private func withPortal(_ backend: WebTestBackend, clock: TestClock,
                            _ test: @escaping @Sendable (TestBrowser) async throws -> Void) async throws {
        try await withTestBrowser(backend, clock: clock, configure: { config in
            OIDCTestPortal.install(clientsDirectory: config.paths.clients)
            SAMLTestPortal.install(metadataDirectory: config.paths.metadata)
            let legal = URL(fileURLWithPath: config.paths.clients).deletingLastPathComponent().appendingPathComponent("legal")
            try? FileManager.default.createDirectory(at: legal, withIntermediateDirectories: true)
            try? Self.versionsFile(clock).write(to: legal.appendingPathComponent("terms-versions"), atomically: true, encoding: .utf8)
            try? "# Nutzungsbedingungen\n\nFassung eins <script>alert(1)</script>".write(
                to: legal.appendingPathComponent("nutzungsbedingungen.de.md"), atomically: true, encoding: .utf8)
            config.terms.versionsFile = legal.appendingPathComponent("terms-versions").path
        }, test)
    }

    private static func registration(_ email: String, _ extra: [String: String]) -> [String: String] {
        [
            "givenNames": "Anna", "familyName": "Schmidt", "email": email, "password": TestAccounts.password,
            "passwordRepeated": TestAccounts.password, "secretQuestion": "Wie hieß mein Hund?", "secretAnswer": "Bello",
        ].merging(extra) { $1 }
    }

    @Test(arguments: WebTestBackend.all)
    func registrationRequiresTheVersionInForceAndTheGuardiansForUnder16(_ backend: WebTestBackend) async throws {
        try await withPortal(backend, clock: TestClock()) { browser in
            let page = try await browser.get("/register?lang=en")
            #expect(page.body.contains(#"name="termsVersion" value="v1""#))
            #expect(page.body.contains(#"href="/terms/citizen/v1""#))
            #expect(page.body.contains("only with their parents"))

            let withoutAcceptance = try await browser.post("/register", Self.registration("a@example.de", ["termsVersion": "v1"]), from: page)
            #expect(withoutAcceptance.status == .badRequest)
            #expect(withoutAcceptance.body.contains(##"href="#acceptTerms""##))
            let comingVersion = try await browser.post("/register", Self.registration("a@example.de", [
                "termsVersion": "v2", "acceptTerms": "on",
            ]), from: page)
            #expect(comingVersion.status == .badRequest, "a version not in force is a tampered form")
            let noVersion = try await browser.post("/register", Self.registration("a@example.de", ["acceptTerms": "on"]), from: page)
            #expect(noVersion.status == .badRequest)
            let under16 = try await browser.post("/register", Self.registration("a@example.de", [
                "termsVersion": "v1", "acceptTerms": "on", "under16": "on",
            ]), from: page)
            #expect(under16.status == .badRequest)
            #expect(under16.body.contains(##"href="#guardianConsent""##))
            #expect(under16.body.contains(#"id="acceptTerms" name="acceptTerms" type="checkbox" checked"#))
            let forged = try await browser.submit("/register", Self.registration("a@example.de", [
                "termsVersion": "v1", "acceptTerms": "on",
            ]), withCookies: true)
            #expect(forged.status == .forbidden, "no CSRF token")

            let accepted = try await browser.post("/register", Self.registration("a@example.de", [
                "termsVersion": "v1", "acceptTerms": "on", "under16": "on", "guardianConsent": "on",
            ]), from: page)
            #expect(accepted.status == .ok)
            #expect(accepted.body.contains(#"data-page="registration-sent""#))
        }
    }

    @Test(arguments: WebTestBackend.all)
    func theDocumentsAreShownEscapedAndAPlaceholderWhereTheFileIsMissing(_ backend: WebTestBackend) async throws {
        try await withPortal(backend, clock: TestClock()) { browser in
            let v1 = try await browser.get("/terms/citizen/v1")
            #expect(v1.status == .ok)
            #expect(v1.body.contains("<h2>Nutzungsbedingungen</h2>"))
            #expect(v1.body.contains("&lt;script&gt;") && !v1.body.contains("<script>alert"))
            let organisation = try await browser.get("/terms/organisation/o1?lang=en")
            #expect(organisation.body.contains("has not supplied the text"))
            #expect(try await browser.get("/terms/citizen/v9").status == .notFound)
            #expect(try await browser.get("/terms/other/v1").status == .notFound)
        }
    }

    @Test(arguments: WebTestBackend.all)
    func aNewVersionIsAskedAtTheNextLoginBeforeThePortalGetsItsCode(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortal(backend, clock: clock) { browser in
            _ = try await OIDCTestPortal.signIn(browser, as: TestAccounts.erika, password: TestAccounts.password)
            // The operator made Erika's account: no acceptance to show yet.
            let before = try await browser.get("/account/security")
            #expect(before.body.contains("keine Zustimmung gespeichert") && !before.body.contains(#"id="terms-acceptances""#))
            clock.advance(by: 4 * 86400)

            let authorize = try await browser.get(OIDCTestPortal.authorize("&prompt=login"))
            let loggedIn = try await OIDCTestPortal.logIn(browser, at: try #require(authorize.location), as: TestAccounts.erika,
                                                          password: TestAccounts.password)
            let continued = try await browser.get(try #require(loggedIn.location))
            let asked = try #require(continued.location)
            #expect(asked.hasPrefix("/terms/accept?next="))
            let page = try await browser.get(asked)
            #expect(page.status == .ok)
            #expect(page.body.contains(#"name="version_citizen" value="v2""#))
            #expect(try await browser.get("/account").location?.hasPrefix("/terms/accept") == true)

            let next = try #require(page.body.firstMatch(of: /name="next" value="([^"]+)"/).map { String($0.1) })
                .replacingOccurrences(of: "&#x3D;", with: "=").replacingOccurrences(of: "&#61;", with: "=")
            let tampered = try await browser.post("/terms/accept", ["decision": "accept", "version_citizen": "v1", "next": next], from: page)
            #expect(tampered.status == .badRequest)
            let forged = try await browser.submit("/terms/accept", ["decision": "accept", "version_citizen": "v2", "next": next],
                                                  withCookies: true)
            #expect(forged.status == .forbidden, "no CSRF token")
            let declined = try await browser.post("/terms/accept", ["decision": "decline", "version_citizen": "v2", "next": next], from: page)
            #expect(declined.status == .ok)
            #expect(declined.body.contains(#"href="/account/delete""#))
            #expect(try await browser.get("/account").location?.hasPrefix("/terms/accept") == true, "declining accepts nothing")

            let accepted = try await browser.post("/terms/accept", ["decision": "accept", "version_citizen": "v2", "next": next], from: page)
            #expect(accepted.location?.hasPrefix("/authorize/continue?handle=") == true)
            let tokens = try await OIDCTestPortal.finish(browser, try await browser.get(try #require(accepted.location)))
            #expect(tokens["id_token"] != nil)
            #expect(try await browser.get("/account").status == .ok)
            // The security page says which version was accepted and when, linked to its text.
            let security = try await browser.get("/account/security?lang=en")
            #expect(security.body.contains(#"id="terms-acceptances""#) && security.body.contains("<td>v2</td>"))
            #expect(security.body.contains(#"<a href="/terms/citizen/v2">Terms of use and privacy statement</a>"#))
        }
    }

    @Test(arguments: WebTestBackend.all)
    func aNewVersionIsAskedBeforeTheSAMLAssertion(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortal(backend, clock: clock) { browser in
            clock.advance(by: 4 * 86400)
            let start = try await browser.get(SAMLTestPortal.authnRequest(at: clock.now))
            let location = try #require(start.location)
            let handle = String(try #require(location.split(separator: "=").last))
            let login = try await browser.get(location)
            let loggedIn = try await browser.post("/login", ["email": TestAccounts.erika, "password": TestAccounts.password, "saml": handle],
                                                  from: login)
            let asked = try await SAMLTestPortal.follow(browser, at: clock.now, loggedIn)
            #expect(asked.body.contains(#"data-page="terms-accept""#))
            let next = try #require(asked.body.firstMatch(of: /name="next" value="([^"]+)"/).map { String($0.1) })
                .replacingOccurrences(of: "&#x3D;", with: "=").replacingOccurrences(of: "&#61;", with: "=")
            #expect(next.hasPrefix("/saml/continue?handle="))
            let accepted = try await browser.post("/terms/accept", ["decision": "accept", "version_citizen": "v2", "next": next], from: asked)
            let answered = try await SAMLTestPortal.follow(browser, at: clock.now, accepted)
            #expect(try SAMLTestPortal.answer(in: answered).status == "Success")
        }
    }

    @Test(arguments: WebTestBackend.all)
    func promptNoneIsAnsweredInteractionRequiredWhileAVersionIsPending(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withPortal(backend, clock: clock) { browser in
            _ = try await OIDCTestPortal.signIn(browser, as: TestAccounts.erika, password: TestAccounts.password)
            clock.advance(by: 4 * 86400)
            let login = try await browser.get("/login")
            let loggedIn = try await browser.post("/login", ["email": TestAccounts.erika, "password": TestAccounts.password], from: login)
            #expect(try await browser.get(try #require(loggedIn.location)).location?.hasPrefix("/terms/accept") == true)
            let silent = try await browser.get(OIDCTestPortal.authorize("&prompt=none"))
            #expect(silent.location?.contains("error=interaction_required") == true)
        }
    }

    @Test(arguments: WebTestBackend.all)
    func aComingVersionIsAnnouncedToEveryAccountOnce(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        let mailbox = TestMailbox(clock: clock)
        try await withTestApplication(configure: { config in
            let legal = URL(fileURLWithPath: config.paths.clients).deletingLastPathComponent().appendingPathComponent("legal")
            try? FileManager.default.createDirectory(at: legal, withIntermediateDirectories: true)
            try? Self.versionsFile(clock).write(to: legal.appendingPathComponent("terms-versions"), atomically: true, encoding: .utf8)
            config.terms.versionsFile = legal.appendingPathComponent("terms-versions").path
            mailbox.place(config.paths.data + "/outbox")
        }, clock: clock.pforteClock, backend: backend, prepare: { services in
            mailbox.use(services)
            for email in [TestAccounts.erika, TestAccounts.max] {
                _ = try await services.administration.createActivatedAccount(
                    email: email, givenNames: "Erika", familyName: "Mustermann", password: TestAccounts.password
                )
            }
            #expect(try await services.terms.announce() == 2, "v2 is three days ahead, within the 42 days")
            #expect(try await services.terms.announce() == 0, "each account once per version")
        }) { _ in
            let mails = try await mailbox.messages().filter { $0.contains("/terms/citizen/v2") }
            #expect(mails.count == 2)
            #expect(mails.allSatisfy { $0.contains("Neue Fassung") && $0.contains("New version") })
        }
    }
}
