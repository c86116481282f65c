import Hummingbird
import PforteAccounts

/// `/organisations/{id}/delete`: an admin deletes the organisation with all its data after
/// entering the password again (seed 001 §2).
struct OrganisationDeletionPage: Sendable {
    let dependencies: AccountPageDependencies
    private var pages: Pages { dependencies.pages }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/organisations/:organisation/delete") { request, context in
            try await dependencies.localAccount(context, request) { session in
                let id = try context.parameters.require("organisation")
                let outcome = try await OrganisationFailures.page(pages, request) {
                    try await dependencies.services.organisations.requireAdmin(organisationID: id, session: session)
                }
                if let failure = outcome.failurePage { return failure }
                return pages.renderOrganisationForm("organisation-delete", request, id: id, view: passwordForm(request))
            }
        }
        router.post("/organisations/:organisation/delete") { request, context in
            let form = try await pages.form(request)
            return try await dependencies.localAccount(context, request) { session in
                let id = try context.parameters.require("organisation")
                do {
                    try await dependencies.passwordWork.run {
                        try await dependencies.services.organisations.delete(
                            organisationID: id, password: form["password"], session: session, clientAddress: context.clientAddress,
                            language: pages.mailLanguage(request)
                        )
                    }
                } catch let error as OrganisationError {
                    if let page = OrganisationFailures.response(for: error, pages, request) { return page }
                    throw error
                } catch let error as AccountError {
                    var view = passwordForm(request)
                    let texts = pages.texts(request)
                    switch error.code {
                    case .invalidCredentials:
                        view.addError(texts["error.delete.wrongPassword"], to: "password")
                        return pages.renderOrganisationForm("organisation-delete", request, id: id, view: view, status: .badRequest)
                    case .throttled, .attemptsExhausted:
                        view.addGeneralError(LoginRefusal.describe(error.code, texts: texts).message)
                        return pages.renderOrganisationForm("organisation-delete", request, id: id, view: view, status: .tooManyRequests)
                    default: throw error
                    }
                }
                context.logger.notice("organisation deleted", metadata: ["organisation": "\(id)", "account": "\(session.accountID)"])
                return pages.redirect("/organisations?done=deleted")
            }
        }
    }

    private func passwordForm(_ request: Request) -> FormView {
        FormView([FormField(name: "password", label: pages.texts(request)["field.password"], type: "password",
                            autocomplete: "current-password")])
    }
}
