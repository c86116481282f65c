import Foundation
import HummingbirdTesting
import PforteEID
import PforteWeb
import Testing

/// Issue #19: after the online ID function was deactivated, the card's next login is no new
/// person's — the page offers only linking it again to its account, not a second Servicekonto Plus.
extension EIDFlowTests {
    @Test func aDeactivatedCardIsOfferedOnlyItsOwnAccount() async throws {
        let server = ScriptedEIDServer()
        server.script(.success(try ScriptedEIDServer.erika()))
        let connection = EIDConnection(connector: server, fallbackServerAddress: URL(string: "https://eid.example.de/ecard")!)
        try await withTestApplication(eID: connection, prepare: { services in
            _ = try await services.administration.createActivatedAccount(
                email: TestAccounts.erika, givenNames: "Erika", familyName: "Mustermann", password: TestAccounts.password
            )
        }) { client in
            let browser = TestBrowser(client)
            let first = try await browser.get(try #require(try await browser.get(try await cardSession(browser).location).location))
            #expect(first.body.contains(#"id="eid-register-submit""#) && !first.body.contains(#"id="eid-deactivated""#))
            let handle = String(try #require(first.body.firstMatch(of: /name="handle" value="([^"]+)"/)).1)
            let linked = try await browser.post("/eid/link", ["handle": handle, "linkEmail": TestAccounts.erika,
                                                              "linkPassword": TestAccounts.password], from: first)
            #expect(linked.status == .seeOther)

            let eIDPage = try await browser.get("/account/eid")
            let deactivated = try await browser.post("/eid/deactivate", [:], from: eIDPage)
            #expect(deactivated.location == "/account/eid?done=deactivated")

            let again = TestBrowser(client)
            let unknown = try await again.get(try #require(try await again.get(try await cardSession(again).location).location))
            #expect(unknown.status == .ok)
            #expect(unknown.body.contains(#"id="eid-deactivated""#) && unknown.body.contains("Ein zweites Servicekonto ist nicht nötig"))
            #expect(!unknown.body.contains(#"id="eid-register-submit""#))
            #expect(unknown.body.contains(#"id="eid-link-submit""#))
            let secondHandle = String(try #require(unknown.body.firstMatch(of: /name="handle" value="([^"]+)"/)).1)
            let refused = try await again.post("/eid/register", [
                "handle": secondHandle, "email": "zweites@example.de", "password": "Zweites-Konto-2026!",
                "passwordRepeated": "Zweites-Konto-2026!", "secretQuestion": "Wo bin ich geboren?", "secretAnswer": "Berlin",
            ], from: unknown)
            #expect(refused.status == .conflict && !refused.body.contains(#"id="eid-register-submit""#))
        }
    }
}
