import Hummingbird
import PforteAccounts
import PforteCore

/// `/account/email` and `/email-change`: a new login address, confirmed by a link sent to it
/// and a login with the old address and password behind that link (seed 003); the old address
/// is told and stays the login name until then (design §4).
struct EmailChangePages: Sendable {
    let dependencies: AccountPageDependencies
    private var pages: Pages { dependencies.pages }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/account/email") { request, context in
            try await dependencies.localAccount(context, request) { _ in
                pages.render("email", request, values: emailForm(request).templateValues)
            }
        }
        router.post("/account/email") { request, context in
            let form = try await pages.form(request)
            return try await dependencies.localAccount(context, request) { session in
                var view = emailForm(request)
                view.keepValues(from: form)
                let texts = pages.texts(request)
                if form["email"].trimmingCharacters(in: .whitespaces).lowercased()
                    != form["emailRepeated"].trimmingCharacters(in: .whitespaces).lowercased() {
                    view.addError(texts.text(for: .doesNotMatch), to: "emailRepeated")
                    return pages.render("email", request, status: .badRequest, values: view.templateValues)
                }
                do {
                    try await dependencies.services.emailChange.requestChange(
                        session: session, newEmail: form["email"], language: pages.mailLanguage(request)
                    )
                } catch let error as AccountError {
                    switch error.code {
                    case .invalidEmail(let reason): view.addError(texts.text(for: .email(reason)), to: "email")
                    case .emailUnchanged: view.addError(texts["error.email.unchanged"], to: "email")
                    default: throw error
                    }
                    return pages.render("email", request, status: .badRequest, values: view.templateValues)
                }
                return pages.message(request, page: "email-change-sent", heading: "emailChangeSent.title",
                                     paragraphs: ["emailChangeSent.text"], link: (href: "/account", text: "emailChangeSent.link"))
            }
        }
        router.get(.init(AccountLinkPath.emailChange)) { request, _ in
            let token = request.uri.queryParameters["token"].map(String.init) ?? ""
            return confirmation(request, form: confirmationForm(request), token: token)
        }
        router.post(.init(AccountLinkPath.emailChange)) { request, context in
            let form = try await pages.form(request)
            var view = confirmationForm(request)
            view.keepValues(from: form)
            let confirmed: (address: EmailAddress, cookie: SessionCookie, session: AuthenticatedSession)
            do {
                confirmed = try await dependencies.passwordWork.run {
                    try await dependencies.services.emailChange.confirmChange(
                        token: form["token"], oldEmail: form["email"], password: form["password"],
                        clientAddress: context.clientAddress, previousSessionID: context.sessionCookie?.sessionID,
                        browser: request.browserFamily, language: pages.mailLanguage(request)
                    )
                }
            } catch let error as AccountError {
                switch error.code {
                case .invalidLink: throw PageFailure.invalidLink
                case .loginTaken:
                    return pages.message(request, page: "email-taken", status: .conflict, heading: "emailTaken.title",
                                         paragraphs: ["emailTaken.text"], link: (href: "/account", text: "emailTaken.link"))
                default:
                    let (message, status) = LoginRefusal.describe(error.code, texts: pages.texts(request))
                    view.addGeneralError(message)
                    context.logger.info("e-mail change confirmation refused", metadata: ["reason": "\(error.code)"])
                    return confirmation(request, form: view, token: form["token"], status: status)
                }
            }
            var response = pages.message(request, page: "email-changed", heading: "emailChanged.title",
                                         paragraphs: ["emailChanged.text"], link: (href: "/account", text: "emailChanged.link"))
            // Another person's live session in this browser stays; the citizen logs in anew.
            if context.session == nil || context.session?.accountID == confirmed.session.accountID {
                dependencies.startSession(confirmed.cookie, on: &response)
            } else {
                try await dependencies.services.sessions.logout(sessionID: confirmed.cookie.sessionID)
            }
            return response
        }
    }

    /// The page behind the confirmation link: a login with the old address and password (seed
    /// 003 step 8), the token carried in the form.
    private func confirmation(_ request: Request, form: FormView, token: String,
                              status: HTTPResponse.Status = .ok) -> Response {
        var values = form.templateValues
        values["token"] = token
        return pages.render("email-change", request, status: status, values: values)
    }

    private func confirmationForm(_ request: Request) -> FormView {
        let texts = pages.texts(request)
        return FormView([
            FormField(name: "email", label: texts["field.oldEmail"], type: "email", autocomplete: "username"),
            FormField(name: "password", label: texts["field.password"], type: "password", autocomplete: "current-password"),
        ])
    }

    private func emailForm(_ request: Request) -> FormView {
        let texts = pages.texts(request)
        return FormView([
            FormField(name: "email", label: texts["field.newEmail"], type: "email", hint: texts["hint.email"], autocomplete: "email"),
            FormField(name: "emailRepeated", label: texts["field.newEmailRepeated"], type: "email", autocomplete: "email"),
        ])
    }
}
