import Foundation
import HummingbirdTesting
import PforteCore
import PforteEID
import PforteWeb
import Testing

/// Issue #19 item 5: `/register` offers both kinds of account, and the registration with the
/// card lets the citizen decline the login by card (seed 003, "Pseudonym"), on both stores.
extension EIDFlowTests {
    private static func eID() -> (ScriptedEIDServer, EIDConnection) {
        let server = ScriptedEIDServer()
        return (server, EIDConnection(connector: server, fallbackServerAddress: URL(string: "https://eid.example.de/ecard")!))
    }

    @Test(arguments: WebTestBackend.all)
    func registrationOffersBothKindsOfAccount(_ backend: WebTestBackend) async throws {
        let (_, connection) = Self.eID()
        try await withTestBrowser(backend, clock: TestClock(), eID: connection, configure: { _ in }) { browser in
            for (language, plus) in [("de", "Mit Online-Ausweis registrieren"), ("en", "Register with online ID")] {
                let page = try await browser.get("/register?lang=\(language)")
                #expect(page.status == .ok)
                #expect(page.body.contains(#"id="account-kind-choice""#) && page.body.contains(##"href="#servicekonto-plus""##))
                #expect(page.body.contains(#"action="/register""#) && page.body.contains(#"id="eid-register""#))
                #expect(page.body.contains(plus))
                let start = try await browser.post("/eid/start", ["purpose": "login", "client": "desktop"], from: page)
                #expect(start.location?.hasPrefix("http://127.0.0.1:24727/eID-Client?tcTokenURL=") == true)
            }
        }
        // Without an eID connection only the Servicekonto is offered.
        try await withTestBrowser(backend, clock: TestClock(), configure: { $0.eid.enabled = false }) { browser in
            let page = try await browser.get("/register")
            #expect(page.body.contains(#"action="/register""#))
            #expect(!page.body.contains(#"id="eid-register""#) && !page.body.contains(#"id="account-kind-choice""#))
        }
    }

    @Test(arguments: WebTestBackend.all, [true, false])
    func theCardLogsInOnlyWhenThePseudonymWasKept(_ backend: WebTestBackend, keepsPseudonym: Bool) async throws {
        let (server, connection) = Self.eID()
        server.script(.success(try ScriptedEIDServer.erika()))
        server.script(.success(try ScriptedEIDServer.erika()))
        try await withTestBrowser(backend, clock: TestClock(), eID: connection, configure: { _ in }) { browser in
            let unknown = try await browser.get(try #require(try await browser.get(try await cardSession(browser).location).location))
            #expect(unknown.body.contains(#"id="cardLogin" value="on" aria-describedby="cardLogin-hint" checked"#))
            let handle = String(try #require(unknown.body.firstMatch(of: /name="handle" value="([^"]+)"/)).1)
            var fields = [
                "handle": handle, "email": "plus@example.de", "password": "Plus-Konto-2026!", "passwordRepeated": "Plus-Konto-2026!",
                "secretQuestion": "Wo bin ich geboren?", "secretAnswer": "In Berlin",
                "termsVersion": TermsCatalog.placeholder.versions[0].id,
            ]
            if keepsPseudonym { fields["cardLogin"] = "on" }
            // A refused form keeps the choice.
            let refused = try await browser.post("/eid/register", fields, from: unknown)
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains(#"aria-describedby="cardLogin-hint" checked"#) == keepsPseudonym)
            fields["acceptTerms"] = "on"
            let registered = try await browser.post("/eid/register", fields, from: refused)
            #expect(registered.body.contains(#"data-page="registration-sent""#))

            // The next login by card: a kept pseudonym finds the (not yet activated) account; a
            // declined one is the deactivated card, offered only the link to its account.
            let again = TestBrowser(browser.client)
            let next = try await again.get(try await cardSession(again).location)
            if keepsPseudonym {
                #expect(next.status == .badRequest && next.body.contains(#"data-page="eid-failed""#))
            } else {
                let page = try await again.get(try #require(next.location))
                #expect(page.body.contains(#"id="eid-deactivated""#) && !page.body.contains(#"id="eid-register-submit""#))
            }
        }
    }
}
