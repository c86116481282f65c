import Hummingbird
import PforteAccounts

/// `/login`, `/logout` and `/logged-out`: password login to a session at trust level
/// `normal` (design §3, §4).
///
/// A login for a parked SAML AuthnRequest carries its handle (`/login?saml=…`) and continues at
/// `/saml/continue` afterwards; the target is always that local path and the handle is checked
/// to be one, so the parameter cannot redirect anywhere else.
struct LoginPages: Sendable {
    let dependencies: AccountPageDependencies
    let relyingParties: any RelyingPartySessions
    private var pages: Pages { dependencies.pages }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/login") { request, context in
            let samlHandle = Self.samlHandle(request.uri.queryParameters["saml"].map(String.init))
            // A SAML request with ForceAuthn sends a signed-in user here to log in again.
            if context.session != nil && samlHandle == nil { return pages.redirect("/account") }
            let expiry = context.sessionExpiry
                ?? request.uri.queryParameters["expired"].flatMap { SessionExpiry(rawValue: String($0)) }
            return render(request, form: loginForm(request), expiry: expiry, samlHandle: samlHandle)
        }
        router.post("/login") { request, context in
            let form = try await pages.form(request)
            let samlHandle = Self.samlHandle(form.optional("saml"))
            var view = loginForm(request)
            view.keepValues(from: form)
            let texts = pages.texts(request)
            do {
                let (cookie, session) = try await dependencies.passwordWork.run {
                    try await dependencies.services.login.logIn(
                        email: form["email"], password: form["password"], clientAddress: context.clientAddress,
                        previousSessionID: context.sessionCookie?.sessionID
                    )
                }
                if let previous = context.session, previous.accountID == session.accountID {
                    try await relyingParties.sessionReplaced(
                        oldReference: previous.sessionReference, newReference: session.sessionReference
                    )
                }
                var response = pages.redirect(samlHandle.map { "/saml/continue?handle=\($0)" } ?? "/account")
                response.setCookie(dependencies.sessionCookie(cookie))
                return response
            } catch let error as AccountError {
                let status: HTTPResponse.Status
                switch error.code {
                case .throttled(let retryAfter):
                    view.addGeneralError(texts.throttled(retryAfter: retryAfter))
                    status = .tooManyRequests
                case .notActivated:
                    view.addGeneralError(texts["error.login.notActivated"])
                    status = .badRequest
                default:
                    view.addGeneralError(texts["error.login.invalidCredentials"])
                    status = .badRequest
                }
                context.logger.info("login refused", metadata: ["reason": "\(error.code)"])
                return render(request, form: view, samlHandle: samlHandle, status: status)
            }
        }
        router.post("/logout") { request, context in
            _ = try await pages.form(request)
            if let cookie = context.sessionCookie {
                try await dependencies.services.sessions.logout(sessionID: cookie.sessionID)
            }
            var response = pages.redirect("/logged-out")
            if let session = context.session,
               let propagation = try await relyingParties.propagateLogout(sessionReference: session.sessionReference, request) {
                response = propagation
            }
            response.setCookie(pages.cookies.expired(name: pages.cookies.sessionCookieName))
            return response
        }
        router.get("/logged-out") { request, _ in
            pages.message(request, page: "logged-out", heading: "loggedOut.title", paragraphs: ["loggedOut.text"],
                          link: (href: "/login", text: "loggedOut.link"))
        }
    }

    private func loginForm(_ request: Request) -> FormView {
        let texts = pages.texts(request)
        return FormView([
            FormField(name: "email", label: texts["field.email"], type: "email", autocomplete: "username"),
            FormField(name: "password", label: texts["field.password"], type: "password", autocomplete: "current-password"),
        ])
    }

    /// The handle of a parked SAML request, if `text` has a handle's form.
    private static func samlHandle(_ text: String?) -> String? {
        text.flatMap { SAMLServices.isHandle($0) ? $0 : nil }
    }

    private func render(_ request: Request, form: FormView, expiry: SessionExpiry? = nil, samlHandle: String? = nil,
                        status: HTTPResponse.Status = .ok) -> Response {
        var values = form.templateValues
        values["samlHandle"] = samlHandle
        if let expiry {
            let texts = pages.texts(request)
            values["expiredNotice"] = switch expiry {
            case .idleTimeout where dependencies.idleTimeoutMinutes <= 1: texts["login.expired.idleOneMinute"]
            case .idleTimeout: texts.format("login.expired.idle", ["minutes": String(dependencies.idleTimeoutMinutes)])
            case .absoluteLifetime: texts["login.expired.absolute"]
            }
        }
        return pages.render("login", request, status: status, values: values)
    }
}
