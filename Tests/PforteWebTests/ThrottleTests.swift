import Foundation
import HummingbirdTesting
import PforteAccounts
import PforteConfiguration
import PforteWeb
import Testing

/// The password throttle through the pages, on both stores (issue #18): waits per account and
/// client address, the account's ceiling, and the unlock link that lifts it.
@Suite struct ThrottleTests {
    private func withBrowsers(_ backend: WebTestBackend, ceiling: Int = 100,
                              _ test: @escaping @Sendable (_ attacker: TestBrowser, _ owner: TestBrowser, TestMailbox) async throws -> Void) async throws {
        // Time stands still: the waits are what the attempts earn, not what the machine took.
        let clock = TestClock()
        let mailbox = TestMailbox(clock: clock)
        try await withTestApplication(configure: { config in
            config.server.trustedProxyHops = 1
            config.throttle.failureCeiling = ceiling
            mailbox.place(config.paths.data + "/outbox")
        }, clock: clock.pforteClock, backend: backend, prepare: { services in
            mailbox.use(services)
            _ = try await services.administration.createActivatedAccount(
                email: TestAccounts.erika, givenNames: "Erika", familyName: "Mustermann", password: TestAccounts.password
            )
        }) { client in
            try await test(TestBrowser(client, forwardedFor: "203.0.113.66"), TestBrowser(client, forwardedFor: "198.51.100.7"), mailbox)
        }
    }

    private func logIn(_ browser: TestBrowser, password: String) async throws -> TestBrowser.Page {
        let page = try await browser.get("/login")
        return try await browser.post("/login", ["email": TestAccounts.erika, "password": password], from: page)
    }

    @Test(arguments: WebTestBackend.all)
    func anAttackersFailuresDelayOnlyTheAttacker(_ backend: WebTestBackend) async throws {
        try await withBrowsers(backend) { attacker, owner, _ in
            var statuses: [Int] = []
            for _ in 1...6 { statuses.append(try await logIn(attacker, password: "Falsch-geraten-1").status.code) }
            #expect(statuses == [400, 400, 400, 400, 429, 429])
            let login = try await logIn(owner, password: TestAccounts.password)
            #expect(login.status == .seeOther)
            #expect(try await owner.get("/account").status == .ok)
        }
    }

    @Test(arguments: WebTestBackend.all)
    func theCeilingHoldsForEveryAddressUntilTheUnlockLink(_ backend: WebTestBackend) async throws {
        try await withBrowsers(backend, ceiling: 3) { attacker, owner, mailbox in
            for _ in 1...3 { #expect(try await logIn(attacker, password: "Falsch-geraten-1").status == .badRequest) }
            let refused = try await logIn(owner, password: TestAccounts.password)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body.contains("Zu viele Fehlversuche in Folge"))

            let token = try await mailbox.token(path: "/unlock")
            let page = try await owner.get("/unlock?token=\(token)")
            #expect(page.status == .ok)
            let unlocked = try await owner.post("/unlock", ["token": token], from: page)
            #expect(unlocked.status == .ok && unlocked.body.contains("entsperrt"))
            #expect(try await logIn(owner, password: TestAccounts.password).status == .seeOther)
            #expect(try await owner.get("/unlock?token=\(token)").status != .ok, "the link works once")
        }
    }
}
