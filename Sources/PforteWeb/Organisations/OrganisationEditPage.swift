import Hummingbird
import PforteAccounts
import PforteCore

/// `/organisations/{id}/edit`: admins keep the organisation's data up to date (seed 003,
/// "Organisationsdaten pflegen"); the same rules as at creation.
struct OrganisationEditPage: Sendable {
    let dependencies: AccountPageDependencies
    private var pages: Pages { dependencies.pages }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/organisations/:organisation/edit") { request, context in
            try await dependencies.localAccount(context, request) { session in
                let id = try context.parameters.require("organisation")
                let outcome = try await OrganisationFailures.page(pages, request) {
                    try await dependencies.services.organisations.editableProfile(organisationID: id, session: session)
                }
                guard case .success(let profile) = outcome else { return outcome.failurePage! }
                var view = OrganisationFormView.make(pages.texts(request))
                OrganisationFormView.fill(&view, with: profile)
                return pages.renderOrganisationForm("organisation-edit", request, id: id, view: view)
            }
        }
        router.post("/organisations/:organisation/edit") { request, context in
            let submitted = try await pages.form(request)
            return try await dependencies.localAccount(context, request) { session in
                let id = try context.parameters.require("organisation")
                do {
                    try await dependencies.services.organisations.updateProfile(
                        organisationID: id, form: OrganisationFormView.read(submitted, consentGiven: true), session: session)
                    context.logger.notice("organisation data changed", metadata: ["organisation": "\(id)", "account": "\(session.accountID)"])
                    return pages.redirect("/organisations/\(id)?done=updated")
                } catch let error as OrganisationError {
                    if let page = OrganisationFailures.response(for: error, pages, request) { return page }
                    guard case .invalidForm(let errors) = error.code else { throw error }
                    let texts = pages.texts(request)
                    var view = OrganisationFormView.make(texts)
                    view.keepValues(from: submitted)
                    OrganisationFormView.addErrors(errors, to: &view, texts: texts)
                    return pages.renderOrganisationForm("organisation-edit", request, id: id, view: view, status: .badRequest)
                }
            }
        }
    }
}
