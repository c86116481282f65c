import Foundation
import HummingbirdTesting
import Testing

/// Changing the password and the secret question while logged in (issue #19, item 3), through
/// the pages on both stores: the current password is required and throttled, the password rules
/// and the common-password screening apply, other sessions end, and the citizen is asked whether
/// this browser stays logged in.
@Suite struct CredentialChangeTests {
    private static let newPassword = "Neue-Lindenallee-2027!"

    @discardableResult
    private func logIn(_ browser: TestBrowser, password: String = TestAccounts.password) async throws -> TestBrowser.Page {
        let page = try await browser.get("/login")
        return try await browser.post("/login", ["email": TestAccounts.erika, "password": password], from: page)
    }

    private func changePassword(_ browser: TestBrowser, current: String = TestAccounts.password, new: String = newPassword,
                                repeated: String? = nil, language: String = "de") async throws -> TestBrowser.Page {
        let form = try await browser.get("/account/password?lang=\(language)")
        return try await browser.post("/account/password?lang=\(language)", [
            "currentPassword": current, "password": new, "passwordRepeated": repeated ?? new,
        ], from: form)
    }

    @Test(arguments: WebTestBackend.all)
    func aChangedPasswordEndsTheOtherSessionsAndAsksAboutThisOne(_ backend: WebTestBackend) async throws {
        try await withTestBrowser(backend, clock: TestClock(), configure: { _ in }) { browser in
            let other = TestBrowser(browser.client)
            try await logIn(other)
            try await logIn(browser)
            let overview = try await browser.get("/account")
            #expect(overview.body.contains(#"href="/account/password""#))

            let changed = try await changePassword(browser)
            #expect(changed.status == .seeOther && changed.location == "/account/password/changed")
            let question = try await browser.get("/account/password/changed")
            #expect(question.status == .ok)
            #expect(question.body.contains("Möchten Sie in diesem Browser angemeldet bleiben?"))
            #expect(question.body.contains(#"action="/logout""#))
            #expect(try await browser.get("/account/password/changed?lang=en").body.contains("stay logged in"))

            #expect(try await other.get("/account").location == "/login", "the other session ended")
            #expect(try await browser.get("/account").status == .ok, "this session stays until the citizen logs out")
            let fresh = TestBrowser(browser.client)
            #expect(try await logIn(fresh).status == .badRequest, "the old password no longer opens")
            #expect(try await logIn(fresh, password: Self.newPassword).status == .seeOther)
            #expect(try await fresh.get("/account").status == .ok, "the data key opens under the new password")
        }
    }

    @Test(arguments: WebTestBackend.all)
    func aWrongCurrentPasswordOrAWeakNewOneChangesNothing(_ backend: WebTestBackend) async throws {
        try await withTestBrowser(backend, clock: TestClock(), configure: { _ in }) { browser in
            try await logIn(browser)
            let wrong = try await changePassword(browser, current: "Falsch-geraten-2026!")
            #expect(wrong.status == .badRequest)
            #expect(wrong.body.contains("Das bisherige Passwort ist nicht richtig."))
            let common = try await changePassword(browser, new: "Passwort1")
            #expect(common.status == .badRequest && common.body.contains("Dieses Passwort ist zu verbreitet"))
            let short = try await changePassword(browser, new: "kurz", language: "en")
            #expect(short.status == .badRequest && short.body.contains(#"aria-invalid="true""#))
            let mismatch = try await changePassword(browser, repeated: Self.newPassword + "x")
            #expect(mismatch.status == .badRequest)

            let fresh = TestBrowser(browser.client)
            #expect(try await logIn(fresh).status == .seeOther, "the password is unchanged")
        }
    }

    @Test(arguments: WebTestBackend.all)
    func wrongCurrentPasswordsAreThrottled(_ backend: WebTestBackend) async throws {
        try await withTestBrowser(backend, clock: TestClock(), configure: { _ in }) { browser in
            try await logIn(browser)
            var statuses: [Int] = []
            for _ in 1...6 { statuses.append(try await changePassword(browser, current: "Falsch-geraten-2026!").status.code) }
            #expect(statuses.last == 429)
            let refused = try await changePassword(browser)
            #expect(refused.status == .tooManyRequests, "while throttled even the right password waits")
        }
    }

    @Test(arguments: WebTestBackend.all)
    func aChangeWithoutTheFormsTokenIsRefused(_ backend: WebTestBackend) async throws {
        try await withTestBrowser(backend, clock: TestClock(), configure: { _ in }) { browser in
            try await logIn(browser)
            let forged = try await browser.submit("/account/password", [
                "currentPassword": TestAccounts.password, "password": Self.newPassword, "passwordRepeated": Self.newPassword,
            ], withCookies: true)
            #expect(forged.status != .seeOther)
            let forgedQuestion = try await browser.submit("/account/secret-question", [
                "currentPassword": TestAccounts.password, "secretQuestion": "Wo bin ich geboren?", "secretAnswer": "Berlin",
            ], withCookies: true)
            #expect(forgedQuestion.status != .seeOther)
            #expect(try await logIn(TestBrowser(browser.client)).status == .seeOther, "the password is unchanged")
        }
    }

    @Test(arguments: WebTestBackend.all)
    func theSecretQuestionChangesWithThePassword(_ backend: WebTestBackend) async throws {
        try await withTestBrowser(backend, clock: TestClock(), configure: { _ in }) { browser in
            try await logIn(browser)
            let form = try await browser.get("/account/secret-question")
            #expect(form.status == .ok && form.body.contains("Sie haben noch keine Sicherheitsfrage."))
            let answer = ["currentPassword": TestAccounts.password, "secretQuestion": "Wo bin ich geboren?", "secretAnswer": "Berlin"]
            var wrong = answer
            wrong["currentPassword"] = "Falsch-geraten-2026!"
            #expect(try await browser.post("/account/secret-question", wrong, from: form).status == .badRequest)
            var empty = answer
            empty["secretAnswer"] = " "
            let refused = try await browser.post("/account/secret-question", empty, from: form)
            #expect(refused.status == .badRequest && refused.body.contains(#"id="secretAnswer-error""#))

            let changed = try await browser.post("/account/secret-question", answer, from: form)
            #expect(changed.location == "/account?done=secretQuestion")
            #expect(try await browser.get("/account?done=secretQuestion").body.contains("Ihre Sicherheitsfrage und die Antwort wurden geändert."))
            #expect(try await browser.get("/account/secret-question?lang=en").body.contains("Wo bin ich geboren?"))
        }
    }

    @Test(arguments: WebTestBackend.all)
    func theChangePagesNeedALogin(_ backend: WebTestBackend) async throws {
        try await withTestBrowser(backend, clock: TestClock(), configure: { _ in }) { browser in
            for path in ["/account/password", "/account/secret-question", "/account/password/changed"] {
                let page = try await browser.get(path)
                #expect(page.location == "/login")
            }
        }
    }
}
