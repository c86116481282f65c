import Foundation
import HummingbirdTesting
import PforteAccounts
import PforteCore
import Synchronization
import Testing

/// The deletion of accounts unused for 36 months (issue #19, item 4; seed 000 §2.5) on both
/// stores, with the retention job of the application's store and its default periods (1096
/// days, notice 60 days before, reminder 14 days before) on a test clock: the announcement and
/// its reminder go to the account's address, a login during the notice period keeps the
/// account, and a sole admin goes in the run that deletes the organisation.
@Suite struct AccountInactivityTests {
    private static let day: TimeInterval = 24 * 60 * 60

    /// The services the application's store was prepared with, and the mails they delivered.
    private final class Job: Sendable {
        private let state = Mutex<(services: AccountServices?, outbox: String)>((nil, ""))
        let clock: TestClock

        init(clock: TestClock) { self.clock = clock }
        func use(_ services: AccountServices) { state.withLock { $0.services = services } }
        func place(_ outbox: String) { state.withLock { $0.outbox = outbox } }
        var services: AccountServices { get throws { try #require(state.withLock { $0.services }) } }

        /// Moves the clock to `days` after the start and runs the retention jobs once.
        func run(atDay days: Double, start: Date) async throws -> RetentionReport {
            clock.advance(by: start.addingTimeInterval(days * AccountInactivityTests.day).timeIntervalSince(clock.now))
            return try await services.administration.runRetentionJobs()
        }

        /// Subjects of the delivered mails to `address`.
        func subjects(to address: String) throws -> [String] {
            let directory = state.withLock { $0.outbox }
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
            return try files.map { try String(contentsOfFile: directory + "/" + $0, encoding: .utf8) }
                .filter { $0.contains("To: \(address)") }
                .compactMap { $0.firstMatch(of: /Subject: ([^\r\n]+)/).map { String($0.1) } }
        }
    }

    private func withJob(_ backend: WebTestBackend, _ test: @escaping @Sendable (TestBrowser, Job, Date) async throws -> Void) async throws {
        let clock = TestClock()
        let start = clock.now
        let job = Job(clock: clock)
        try await withTestApplication(configure: { config in
            job.place(config.paths.data + "/outbox")
        }, clock: clock.pforteClock, backend: backend, prepare: { services in
            job.use(services)
            for email in [TestAccounts.erika, TestAccounts.max] {
                _ = try await services.administration.createActivatedAccount(
                    email: email, givenNames: "Erika", familyName: "Mustermann", password: TestAccounts.password
                )
            }
        }) { client in
            try await test(TestBrowser(client), job, start)
        }
    }

    private func logIn(_ browser: TestBrowser, as email: String) async throws -> TestBrowser.Page {
        let page = try await browser.get("/login")
        return try await browser.post("/login", ["email": email, "password": TestAccounts.password], from: page)
    }

    @Test(arguments: WebTestBackend.all)
    func anInactiveAccountThatLogsInDuringItsNoticeIsKept(_ backend: WebTestBackend) async throws {
        try await withJob(backend) { browser, job, start in
            #expect(try await job.run(atDay: 1035, start: start).inactivityNotices == 0, "not yet within the notice period")
            let notice = try await job.run(atDay: 1037, start: start)
            #expect(notice.inactivityNotices == 2 && notice.inactivityReminders == 0)
            #expect(try job.subjects(to: TestAccounts.erika).count == 1, "the notice went to the account's address")
            #expect(try await job.run(atDay: 1038, start: start).inactivityNotices == 0, "told once")

            #expect(try await logIn(browser, as: TestAccounts.erika).status == .seeOther, "the notice period has not ended")
            let reminder = try await job.run(atDay: 1084, start: start)
            #expect(reminder.inactivityReminders == 1, "only Max, who did not log in, is reminded")
            let deletion = try await job.run(atDay: 1098, start: start)
            #expect(deletion.deletedInactiveAccounts == 1)
            #expect(try await job.services.administration.show(TestAccounts.erika) != nil, "the login kept Erika's account")
            #expect(try await job.services.administration.show(TestAccounts.max) == nil)
            #expect(try await logIn(TestBrowser(browser.client), as: TestAccounts.max).status == .badRequest)
            #expect(try await job.run(atDay: 1099, start: start).inactivityNotices == 0, "Erika's period starts afresh")
        }
    }

    @Test(arguments: WebTestBackend.all)
    func anUnusedSoleAdminGoesWithTheOrganisationAfterNoticeAndReminder(_ backend: WebTestBackend) async throws {
        try await withJob(backend) { _, job, start in
            let services = try job.services
            let (_, session) = try await services.login.logIn(email: TestAccounts.erika, password: TestAccounts.password, clientAddress: "192.0.2.1")
            let form = OrganisationForm(name: "Muster GmbH", legalForm: "gmbh", seat: "Dresden", street: "Archivstraße", houseNumber: "1",
                                        postalCode: "01097", city: "Dresden", email: "info@muster.example", consentsToTerms: true)
            _ = try await services.organisations.create(form, declaresAdult: true, session: session)

            #expect(try await job.run(atDay: 1037, start: start).inactivityNotices == 2)
            let reminded = try await job.run(atDay: 1084, start: start)
            #expect(reminded.inactivityReminders == 2 && reminded.organisationDeletionNotices == 1)
            #expect(try job.subjects(to: TestAccounts.erika).count >= 3, "notice, reminder and the organisation's notice")

            let due = try await job.run(atDay: 1098, start: start)
            #expect(due.deletedInactiveAccounts == 1, "Max goes; Erika stays while her organisation exists")
            #expect(try await services.administration.show(TestAccounts.erika) != nil)

            let withOrganisation = try await job.run(atDay: 1115, start: start)
            #expect(withOrganisation.deletedOrganisations == 1 && withOrganisation.deletedInactiveAccounts == 1)
            #expect(try await services.administration.show(TestAccounts.erika) == nil)
        }
    }
}
