import Hummingbird
import PforteAccounts

/// `/account/delete`: deletes the account at once after the password is entered again
/// (design §4); the address is free for a new registration immediately.
struct AccountDeletionPage: Sendable {
    let dependencies: AccountPageDependencies
    private var pages: Pages { dependencies.pages }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/account/delete") { request, context in
            try await dependencies.signedIn(context) { session in
                guard !session.isFederated else { return pages.render("delete", request, values: ["isFederated": true]) }
                return pages.render("delete", request, values: passwordForm(request).templateValues)
            }
        }
        router.post("/account/delete") { request, context in
            let form = try await pages.form(request)
            return try await dependencies.signedIn(context) { session in
                if session.isFederated {
                    // What Pforte holds of another Land's account needs no password it never had.
                    try await dependencies.services.deletion.deleteFederatedAccount(session: session)
                    context.logger.notice("federated account's data deleted by its owner", metadata: ["account": "\(session.accountID)"])
                    return deleted(request)
                }
                do {
                    try await dependencies.passwordWork.run {
                        try await dependencies.services.deletion.deleteAccount(
                            session: session, password: form["password"], clientAddress: context.clientAddress,
                            language: pages.mailLanguage(request)
                        )
                    }
                } catch let error as AccountError {
                    var view = passwordForm(request)
                    let texts = pages.texts(request)
                    let status: HTTPResponse.Status
                    switch error.code {
                    case .invalidCredentials:
                        view.addError(texts["error.delete.wrongPassword"], to: "password")
                        status = .badRequest
                    case .throttled, .attemptsExhausted:
                        view.addGeneralError(LoginRefusal.describe(error.code, texts: texts).message)
                        status = .tooManyRequests
                    case .soleOrganisationAdmin(let names):
                        view.addGeneralError(texts.format("error.delete.soleOrganisationAdmin",
                                                          ["organisations": names.joined(separator: ", ")]))
                        status = .conflict
                    default: throw error
                    }
                    return pages.render("delete", request, status: status, values: view.templateValues)
                }
                context.logger.notice("account deleted by its owner", metadata: ["account": "\(session.accountID)"])
                return deleted(request)
            }
        }
    }

    private func deleted(_ request: Request) -> Response {
        var response = pages.message(request, page: "account-deleted", heading: "accountDeleted.title",
                                     paragraphs: ["accountDeleted.text"], link: (href: "/", text: "accountDeleted.link"))
        response.setCookie(pages.cookies.expired(name: pages.cookies.sessionCookieName))
        return response
    }

    private func passwordForm(_ request: Request) -> FormView {
        FormView([FormField(name: "password", label: pages.texts(request)["field.password"], type: "password",
                            autocomplete: "current-password")])
    }
}
