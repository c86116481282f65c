import Hummingbird
import PforteAccounts

/// `/staff`: the service desk's login (issue #22) — address and password, then a TOTP code or
/// a recovery code. At the first login the page shows the secret (in text and as an
/// `otpauth://` URI) and the recovery codes, and the first code confirms the app.
struct StaffLoginPages: Sendable {
    let console: StaffConsole
    private var pages: Pages { console.pages }
    private var staff: StaffService { console.services.staff }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/staff") { request, _ in
            if let (_, session) = try await console.session(request), session.stage == .complete {
                return pages.redirect("/staff/accounts")
            }
            return pages.render("staff-login", request)
        }
        // The enrolment page is the answer to the login's POST; a reload lands on the login.
        router.get("/staff/login") { _, _ in pages.redirect("/staff") }
        router.post("/staff/login") { request, context in
            let form = try await pages.form(request)
            let step: StaffLoginStep
            do {
                step = try await staff.logIn(email: form["email"], password: form["password"], clientAddress: context.clientAddress)
            } catch let error as AccountError {
                context.logger.notice("staff login refused", metadata: ["reason": "\(error.code)"])
                return loginRefused(request, error.code)
            }
            context.logger.notice("staff password accepted; second factor next")
            switch step {
            case .secondFactor(let sessionID):
                var response = pages.redirect("/staff/code")
                response.setCookie(console.sessionCookie(sessionID))
                return response
            case .enrolment(let sessionID, let enrolment):
                var response = pages.render("staff-code", request, values: ["enrolment": [
                    "secret": enrolment.secret, "uri": enrolment.provisioningURI, "recoveryCodes": enrolment.recoveryCodes,
                ]])
                response.headers[.cacheControl] = "no-store"
                response.setCookie(console.sessionCookie(sessionID))
                return response
            }
        }
        router.get("/staff/code") { request, _ in
            guard let (_, session) = try await console.session(request), session.stage == .passwordChecked,
                  session.staff.totpEnrolledAt != nil
            else { return pages.redirect("/staff") }
            return pages.render("staff-code", request)
        }
        router.post("/staff/code") { request, context in
            let form = try await pages.form(request)
            guard let (id, _) = try await console.session(request) else { return pages.redirect("/staff") }
            do {
                let complete = try await staff.completeLogin(sessionID: id, code: form["code"], clientAddress: context.clientAddress)
                context.logger.notice("staff login complete")
                var response = pages.redirect("/staff/accounts")
                response.setCookie(console.sessionCookie(complete))
                response.setCookie(pages.csrf.freshCookie())
                return response
            } catch let error as AccountError {
                context.logger.notice("staff second factor refused", metadata: ["reason": "\(error.code)"])
                let texts = pages.texts(request)
                let (message, status): (String, HTTPResponse.Status) = switch error.code {
                case .throttled(let retryAfter): (texts.throttled(retryAfter: retryAfter), .tooManyRequests)
                default: (texts["staff.error.code"], .badRequest)
                }
                return pages.render("staff-code", request, status: status, values: ["error": message])
            }
        }
        router.post("/staff/logout") { request, context in
            _ = try await pages.form(request)
            if let (id, _) = try await console.session(request) { try await staff.logOut(sessionID: id) }
            context.logger.notice("staff logout")
            var response = pages.redirect("/staff")
            response.setCookie(pages.cookies.expired(name: console.cookieName))
            return response
        }
    }

    private func loginRefused(_ request: Request, _ code: AccountError.Code) -> Response {
        let texts = pages.texts(request)
        let (message, status): (String, HTTPResponse.Status) = switch code {
        case .throttled(let retryAfter): (texts.throttled(retryAfter: retryAfter), .tooManyRequests)
        default: (texts["staff.error.credentials"], .badRequest)
        }
        return pages.render("staff-login", request, status: status, values: ["error": message])
    }
}
