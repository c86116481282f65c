import Foundation
import HummingbirdTesting
import PforteEID
import PforteWeb
import Testing

/// The AusweisApp flow through the application's routes (issue 6), with a scripted eID-Server
/// behind the connector: the browser and the eID-Client are played separately, the client
/// without cookies.
@Suite struct EIDFlowTests {
    func withEID(_ server: ScriptedEIDServer, _ test: @escaping @Sendable (TestBrowser) async throws -> Void) async throws {
        let connection = EIDConnection(connector: server, fallbackServerAddress: URL(string: "https://eid.example.de/ecard")!)
        try await withTestApplication(eID: connection) { client in
            try await test(TestBrowser(client))
        }
    }

    /// Starts a login by eID from the login page and plays the eID-Client up to the
    /// RefreshAddress; returns where the client sends the browser.
    func cardSession(_ browser: TestBrowser, resultQuery: String = "ResultMajor=ok") async throws -> (location: String, tcToken: String) {
        let login = try await browser.get("/login")
        #expect(login.body.contains(#"id="eid-login""#))
        let start = try await browser.post("/eid/start", ["purpose": "login", "client": "desktop"], from: login)
        #expect(start.status == .seeOther)
        let clientURL = try #require(start.location)
        #expect(clientURL.hasPrefix("http://127.0.0.1:24727/eID-Client?tcTokenURL="))
        let tcTokenURL = try #require(URLComponents(string: clientURL)?.queryItems?.first { $0.name == "tcTokenURL" }?.value)
        let token = try await browser.get(tcTokenURL, withCookies: false)
        #expect(token.status == .ok)
        #expect(token.body.contains("<TCTokenType>"))
        #expect(token.body.contains("<PathSecurity-Parameters><PSK>"))
        let refresh = try #require(token.body.firstMatch(of: /<RefreshAddress>([^<]+)<\/RefreshAddress>/).map { String($0.1) })
        let answer = try await browser.get(refresh.replacingOccurrences(of: "&amp;", with: "&") + "&" + resultQuery, withCookies: false)
        #expect(answer.status == .seeOther)
        return (try #require(answer.location), tcTokenURL)
    }

    @Test func anUnknownCardOffersLinkingAndRegistrationOnlyToTheStartingBrowser() async throws {
        let server = ScriptedEIDServer()
        server.script(.success(try ScriptedEIDServer.erika()))
        try await withEID(server) { browser in
            let (finish, tcToken) = try await cardSession(browser)
            #expect(finish.contains("/eid/finish?handle="))
            // A replayed tcToken handle gets nothing.
            #expect(try await browser.get(tcToken, withCookies: false).status == .notFound)
            // The eID-Client (or another browser) without the binding cookie cannot finish.
            let foreign = try await browser.get(finish, withCookies: false)
            #expect(foreign.status == .forbidden)
            #expect(foreign.body.contains("data-page=\"eid-failed\""))
            let finished = try await browser.get(finish)
            #expect(finished.status == .seeOther)
            let unknown = try await browser.get(try #require(finished.location))
            #expect(unknown.status == .ok)
            #expect(unknown.body.contains("ERIKA MUSTERMANN"))
            #expect(unknown.body.contains(#"id="eid-link-submit""#))
            #expect(unknown.body.contains(#"id="eid-register-submit""#))
            // The finish handle was spent.
            #expect(try await browser.get(finish).status == .badRequest)
        }
    }

    @Test func resultMajorOKWithoutAResultLogsNobodyIn() async throws {
        let server = ScriptedEIDServer()
        server.script(.failure(EIDError(.cancelledByUser, debugReason: "sal#cancellationByUser")))
        try await withEID(server) { browser in
            let (failed, _) = try await cardSession(browser)
            #expect(failed.contains("/eid/failed?reason=cancelled_by_user"))
            #expect(server.resultCalls == 1)
            let page = try await browser.get(failed)
            #expect(page.body.contains("abgebrochen"))
            #expect(browser.cookie("pforte_session") == nil)
        }
    }

    @Test func resultMajorErrorEndsTheStepWithoutAskingTheServer() async throws {
        let server = ScriptedEIDServer()
        try await withEID(server) { browser in
            let minor = "http://www.bsi.bund.de/ecard/api/1.1/resultminor/sal#cancellationByUser"
            let (failed, _) = try await cardSession(
                browser, resultQuery: "ResultMajor=error&ResultMinor=" + minor.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            )
            #expect(failed.contains("reason=cancelled_by_user"))
            #expect(server.resultCalls == 0)
        }
    }

    @Test func everyConnectorErrorHasAPageText() async throws {
        try await withEID(ScriptedEIDServer()) { browser in
            for code in EIDError.Code.allCases {
                let page = try await browser.get("/eid/failed?reason=\(code.rawValue)")
                #expect(!page.body.contains("eid.error."), "no text for \(code.rawValue)")
                #expect(!page.body.contains("Der Vorgang ist fehlgeschlagen. Bitte versuchen Sie es erneut."), "generic text for \(code.rawValue)")
            }
        }
    }
}
