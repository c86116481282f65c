import Foundation
import Hummingbird
import HummingbirdTesting
import PforteConfiguration
import PforteWeb
import Testing

/// What every page carries (issue #19 items 2, 6, 7 and the navigation): the legal pages from
/// the operator's directory or the shipped placeholders, the help, the operator's branding,
/// "Anmelden" or the account menu with "Abmelden", and the page for a browser that blocks cookies.
@Suite struct SiteLayoutTests {
    private static func legalDirectory(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-legal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    private func withBrowser(_ backend: WebTestBackend, clock: TestClock = TestClock(),
                             configure: @escaping (inout PforteConfig) -> Void = { _ in },
                             _ test: @escaping @Sendable (TestBrowser) async throws -> Void) async throws {
        try await withTestBrowser(backend, clock: clock, configure: configure, test)
    }

    private func logIn(_ browser: TestBrowser) async throws {
        let login = try await browser.get("/login")
        let done = try await browser.post("/login", ["email": TestAccounts.erika, "password": TestAccounts.password], from: login)
        #expect(done.status == .seeOther)
    }

    @Test(arguments: WebTestBackend.all)
    func withoutOperatorFilesTheLegalPagesArePlaceholdersThatSaySo(_ backend: WebTestBackend) async throws {
        try await withBrowser(backend) { browser in
            let home = try await browser.get("/")
            for path in ["/impressum", "/datenschutz", "/nutzungsbedingungen", "/barrierefreiheit", "/hilfe"] {
                #expect(home.body.contains(#"<a href="\#(path)""#), "no link to \(path) on the start page")
            }
            let german = try await browser.get("/barrierefreiheit")
            #expect(german.status == .ok && german.body.contains(#"data-page="legal-barrierefreiheit""#))
            #expect(german.body.contains("<strong>Platzhalter:</strong>") && german.body.contains("Feedback und Kontakt"))
            #expect(german.body.contains(#"<a href="/barrierefreiheit" aria-current="page">"#))
            let english = try await browser.get("/impressum?lang=en")
            #expect(english.body.contains("<strong>Placeholder:</strong>") && english.body.contains(#"<html lang="en">"#))
        }
    }

    @Test(arguments: WebTestBackend.all)
    func theOperatorsTextIsShownWithItsMarkupEscaped(_ backend: WebTestBackend) async throws {
        let directory = try Self.legalDirectory([
            "impressum.de.md": """
            # Impressum des Amt24

            Herausgeber: **Landesamt** <script>alert(1)</script> <img src=x onerror=alert(2)>
            [Kontakt](javascript:alert(3)) · [Mail](mailto:kontakt@amt24.example)
            """,
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withBrowser(backend, configure: { $0.paths.legal = directory.path }) { browser in
            let page = try await browser.get("/impressum")
            #expect(page.body.contains(#"<h1 id="impressum-des-amt24">Impressum des Amt24</h1>"#))
            #expect(page.body.contains("<title>Impressum des Amt24 – Servicekonto</title>"))
            #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;"))
            #expect(!page.body.contains("<script") && !page.body.contains("javascript:"))
            #expect(page.body.contains(#"<a href="mailto:kontakt@amt24.example">Mail</a>"#) && page.body.contains("Kontakt"))
            #expect(!page.body.contains("Platzhalter"))
            // No English file: the German text, marked as German.
            let english = try await browser.get("/impressum?lang=en")
            #expect(english.body.contains(#"<div class="prose" lang="de">"#) && english.body.contains("Impressum des Amt24"))
        }
    }

    @Test(arguments: WebTestBackend.all)
    func theHelpExplainsTheOnlineIDAndTheMeldebehoerde(_ backend: WebTestBackend) async throws {
        try await withBrowser(backend) { browser in
            let german = try await browser.get("/hilfe")
            #expect(german.status == .ok && german.body.contains(#"data-page="help""#))
            for text in ["AusweisApp", "Kartenleser", "PIN", "Meldebehörde", #"<h1 id="hilfe-zum-servicekonto">"#] {
                #expect(german.body.contains(text), "\(text) not in the German help")
            }
            #expect(!german.body.contains("Help with your Servicekonto"))
            let english = try await browser.get("/hilfe?lang=en")
            for text in ["AusweisApp", "card reader", "PIN", "Meldebehörde", "Help with your Servicekonto"] {
                #expect(english.body.contains(text), "\(text) not in the English help")
            }
        }
    }

    @Test(arguments: WebTestBackend.all)
    func theOperatorsNameLogoAndColourReplaceTheShippedOnes(_ backend: WebTestBackend) async throws {
        let directory = try Self.legalDirectory(["logo.svg": #"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#])
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withBrowser(backend, configure: { config in
            config.branding.name = "Amt24 Servicekonto"
            config.branding.logo = directory.appendingPathComponent("logo.svg").path
            config.branding.colour = BrandColour(red: 0x1d, green: 0x4e, blue: 0x89)
        }) { browser in
            let home = try await browser.get("/")
            #expect(home.body.contains("Amt24 Servicekonto</a></p>") && home.body.contains("– Amt24 Servicekonto</title>"))
            #expect(home.body.contains(#"<img class="site-logo" src="/static/logo" alt="">"#))
            let css = try await browser.get("/static/pforte.css")
            #expect(css.body.contains("--accent: #1d4e89;") && css.body.contains("--accent-dark: #153863;"))
            #expect(!css.body.contains("#00507a"))
            let logo = try await browser.client.execute(uri: "/static/logo", method: .get) { $0 }
            #expect(logo.headers[.contentType] == "image/svg+xml")
            #expect(logo.headers[.contentSecurityPolicy]?.contains("sandbox") == true)
        }
    }

    @Test func aLogoThatCannotBeUsedStopsTheStart() async throws {
        for path in ["/nonexistent/logo.png", "/etc/hostname"] {
            let error = await #expect(throws: ConfigurationError.self) {
                try await withTestApplication(configure: { $0.branding.logo = path }) { _ in }
            }
            #expect(error?.key == "branding.logo")
        }
    }

    @Test(arguments: WebTestBackend.all)
    func loggedOutPagesOfferAnmeldenAndLoggedInPagesTheMenuAndAbmelden(_ backend: WebTestBackend) async throws {
        try await withBrowser(backend) { browser in
            let home = try await browser.get("/")
            #expect(home.body.contains(#"<a class="login-link" href="/login" id="header-login">Anmelden</a>"#))
            #expect(!home.body.contains(#"action="/logout""#) && !home.body.contains("account-menu"))
            try await logIn(browser)
            for path in ["/", "/account", "/account/profile", "/organisations", "/hilfe", "/impressum"] {
                let page = try await browser.get(path)
                #expect(page.body.contains(#"<form method="post" action="/logout" class="logout-form">"#), "no logout on \(path)")
                #expect(page.body.contains(#"<nav class="account-menu" aria-label="Mein Konto">"#), "no menu on \(path)")
                #expect(!page.body.contains("header-login"), "Anmelden on \(path)")
            }
            let profile = try await browser.get("/account/profile")
            #expect(profile.body.contains(#"<a href="/account/profile" aria-current="page">Persönliche Daten</a>"#))
            #expect(profile.body.contains(#"<a href="/account">Übersicht</a>"#))
            // The header's form logs out.
            let loggedOut = try await browser.post("/logout", [:], from: profile)
            #expect(loggedOut.status == .ok || loggedOut.status == .seeOther)
            #expect(try await browser.get("/account").status == .seeOther)
            #expect(try await browser.get("/").body.contains("header-login"))
        }
    }

    @Test(arguments: WebTestBackend.all)
    func aFormPostedWithoutCookiesAsksToAllowThem(_ backend: WebTestBackend) async throws {
        try await withBrowser(backend) { browser in
            let login = try await browser.get("/login", withCookies: false)
            let token = try #require(TestBrowser.csrfToken(in: login.body))
            let refused = try await browser.submit("/login", ["email": TestAccounts.erika, "password": TestAccounts.password, "csrf_token": token])
            #expect(refused.status == .forbidden)
            #expect(refused.body.contains(#"data-page="cookies-needed""#) && refused.body.contains("Bitte erlauben Sie Cookies"))
            #expect(!refused.body.contains("abgelaufen"))
            // With the cookie but a wrong token the form stays "expired", and a post from
            // another site stays a forgery.
            _ = try await browser.get("/login")
            let expired = try await browser.submit("/login", ["email": TestAccounts.erika, "csrf_token": token], withCookies: true)
            #expect(expired.body.contains(#"data-page="form-expired""#))
            let english = try await browser.client.execute(
                uri: "/login?lang=en", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "email=a%40b.de&csrf_token=\(token)")
            ) { String(buffer: $0.body) }
            #expect(english.contains("Please allow cookies"))
            let forged = try await browser.client.execute(
                uri: "/login", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .origin: "https://evil.example"],
                body: ByteBuffer(string: "email=a%40b.de")
            ) { String(buffer: $0.body) }
            #expect(forged.contains(#"data-page="form-expired""#))
        }
    }

    /// The session cookie lives exactly as long as the session, so the browser drops it at the
    /// absolute end; the end cookie that outlives it lets the next page say why (issue #19).
    @Test(arguments: WebTestBackend.all)
    func theEndOfTheAbsoluteLifetimeIsExplained(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withBrowser(backend, clock: clock, configure: { $0.sessions.maxLifetimeSeconds = 25 * 60 }) { browser in
            try await logIn(browser)
            let end = try #require(browser.cookie("pforte_session_end").flatMap(Int.init))
            clock.advance(by: 15 * 60)
            #expect(try await browser.get("/account").status == .ok)
            clock.advance(by: 11 * 60)
            #expect(Int(clock.pforteClock.now().timeIntervalSince1970) >= end)
            browser.removeCookie("pforte_session")  // its Max-Age has passed
            let account = try await browser.get("/account")
            #expect(account.location == "/login?expired=absoluteLifetime")
            let login = try await browser.get(try #require(account.location))
            #expect(login.body.contains("längsten erlaubten Dauer"))
            // A new login replaces the end cookie; a logout removes it.
            try await logIn(browser)
            let page = try await browser.get("/account")
            _ = try await browser.post("/logout", [:], from: page)
            #expect(browser.cookie("pforte_session_end") == nil)
            #expect(try await browser.get("/account").location == "/login")
        }
    }
}
