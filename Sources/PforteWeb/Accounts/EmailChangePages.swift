import Hummingbird
import PforteAccounts
import PforteCore

/// `/account/email` and `/email-change`: a new login address, confirmed by a link sent to it;
/// the old address is told and stays the login name until then (design §4).
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
            return pages.render("email-change", request, values: ["token": token])
        }
        router.post(.init(AccountLinkPath.emailChange)) { request, _ in
            let form = try await pages.form(request)
            do {
                _ = try await dependencies.services.emailChange.confirmChange(token: form["token"], language: pages.mailLanguage(request))
            } catch let error as AccountError {
                switch error.code {
                case .invalidLink: throw PageFailure.invalidLink
                case .loginTaken:
                    return pages.message(request, page: "email-taken", status: .conflict, heading: "emailTaken.title",
                                         paragraphs: ["emailTaken.text"], link: (href: "/account", text: "emailTaken.link"))
                default: throw error
                }
            }
            return pages.message(request, page: "email-changed", heading: "emailChanged.title",
                                 paragraphs: ["emailChanged.text"], link: (href: "/account", text: "emailChanged.link"))
        }
    }

    private func emailForm(_ request: Request) -> FormView {
        let texts = pages.texts(request)
        return FormView([
            FormField(name: "email", label: texts["field.newEmail"], type: "email", hint: texts["hint.email"], autocomplete: "email"),
            FormField(name: "emailRepeated", label: texts["field.newEmailRepeated"], type: "email", autocomplete: "email"),
        ])
    }
}
