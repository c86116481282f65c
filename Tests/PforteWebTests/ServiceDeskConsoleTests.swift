import Foundation
import Hummingbird
import HummingbirdTesting
import PforteAccounts
import PforteCrypto
import Testing

/// The service desk's console at `/staff` (issue #22) through the router, on both stores: the
/// login with TOTP enrolment on the test clock, a console session that is no citizen session and
/// ends when idle, the look-up without sealed data, a lock that refuses the citizen's login with
/// the service-desk page, and a support member refused deletion.
@Suite struct ServiceDeskConsoleTests {
    private static let staff = "desk@example.de"
    private static let staffPassword = "Schalter-Passwort-42"

    private func withConsole(_ backend: WebTestBackend, clock: TestClock,
                             _ test: @escaping @Sendable (TestBrowser) async throws -> Void) async throws {
        try await withTestApplication(clock: clock.pforteClock, backend: backend, prepare: { services in
            _ = try await services.administration.createActivatedAccount(
                email: TestAccounts.erika, givenNames: "Erika", familyName: "Mustermann", password: TestAccounts.password
            )
            _ = try await services.staff.add(email: Self.staff, role: .support, password: Self.staffPassword,
                                             by: .commandLine(user: "test"))
        }) { client in
            try await test(TestBrowser(client))
        }
    }

    /// Logs `console` in, enrolling at the first login; returns the TOTP.
    private func logIn(_ console: TestBrowser, clock: TestClock) async throws -> TOTP {
        let login = try await console.get("/staff")
        let enrolment = try await console.post("/staff/login", ["email": Self.staff, "password": Self.staffPassword], from: login)
        #expect(enrolment.status == .ok)
        let secret = try #require(enrolment.body.firstMatch(of: /id="totp-secret">([A-Z2-7]+)</).map { String($0.1) })
        #expect(enrolment.body.contains("otpauth://totp/Pforte%20Servicedesk:desk@example.de?secret=\(secret)"))
        let totp = TOTP(secret: try #require(Base32.decode(secret)))
        let done = try await console.post("/staff/code", ["code": totp.code(step: TOTP.step(at: clock.now))], from: enrolment)
        #expect(done.status == .seeOther && done.location == "/staff/accounts")
        return totp
    }

    @Test(arguments: WebTestBackend.all)
    func aLockByTheConsoleRefusesTheCitizenWithTheServiceDeskPage(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withConsole(backend, clock: clock) { console in
            #expect(try await console.get("/staff/accounts").location == "/staff", "no console without both factors")
            _ = try await logIn(console, clock: clock)
            #expect(console.cookie("pforte_staff") != nil && console.cookie("pforte_session") == nil)
            #expect(try await console.get("/account").location == "/login", "a console login is no citizen login")

            let search = try await console.get("/staff/accounts")
            let found = try await console.post("/staff/accounts", ["q": TestAccounts.erika], from: search)
            #expect(found.status == .ok && found.body.contains("so ist es gewollt"))
            #expect(!found.body.contains("header-login") && !found.body.contains("account-menu"),
                    "the console offers neither the citizens' login nor their menu")
            #expect(!found.body.contains("Mustermann"), "the sealed profile is never shown")
            let locked = try await console.post("/staff/accounts/lock", ["account": TestAccounts.erika, "reason": "Anruf"], from: found)
            #expect(locked.status == .seeOther && locked.location?.hasSuffix("&done=locked") == true)

            let citizen = TestBrowser(console.client)
            let page = try await citizen.get("/login")
            let refused = try await citizen.post("/login", ["email": TestAccounts.erika, "password": TestAccounts.password], from: page)
            #expect(refused.status == .forbidden && refused.body.contains("Ihr Servicekonto ist gesperrt"))
            let english = try await citizen.post("/login?lang=en", ["email": TestAccounts.erika, "password": TestAccounts.password],
                                                 from: page)
            #expect(english.body.contains("Your Servicekonto is locked"))
            let wrong = try await citizen.post("/login", ["email": TestAccounts.erika, "password": "Falsch-2026!"], from: page)
            #expect(wrong.status == .badRequest && !wrong.body.contains("gesperrt"), "a guesser learns nothing of the lock")

            let delete = try await console.get("/staff/accounts/delete?account=\(TestAccounts.erika)")
            #expect(delete.status == .forbidden, "support may not delete")
        }
    }

    @Test(arguments: WebTestBackend.all)
    func theConsoleSessionEndsAfterFifteenMinutesIdleAndAnOldCodeIsRefused(_ backend: WebTestBackend) async throws {
        let clock = TestClock()
        try await withConsole(backend, clock: clock) { console in
            let totp = try await logIn(console, clock: clock)
            clock.advance(by: TimeInterval(StaffService.idleTimeout))
            #expect(try await console.get("/staff/accounts").location == "/staff")

            let login = try await console.get("/staff")
            let codePage = try await console.post("/staff/login", ["email": Self.staff, "password": Self.staffPassword], from: login)
            #expect(codePage.location == "/staff/code")
            let form = try await console.get("/staff/code")
            // The enrolment's code, thirty steps ago, is far outside the window of one step.
            let old = try await console.post("/staff/code", ["code": totp.code(step: TOTP.step(at: clock.now) - 30)], from: form)
            #expect(old.status == .badRequest && old.body.contains("Der Code ist nicht richtig"))
            let next = try await console.post("/staff/code", ["code": totp.code(step: TOTP.step(at: clock.now))], from: form)
            #expect(next.location == "/staff/accounts")
        }
    }
}
