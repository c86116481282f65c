import Hummingbird
import PforteAccounts
import PforteCore

/// `/organisations/new`: creates an organisation after consent to the processing terms
/// (seed 001 §1); the creator becomes its admin, which only adults can be (seed 003).
struct OrganisationCreationPage: Sendable {
    let dependencies: AccountPageDependencies
    private var pages: Pages { dependencies.pages }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/organisations/new") { request, context in
            try await dependencies.localAccount(context, request) { session in
                let asks = try await dependencies.services.organisations.asksForAdultDeclaration(session: session)
                let view = OrganisationFormView.make(pages.texts(request), asksForAdult: asks, asksForConsent: true)
                return pages.render("organisation-new", request, values: view.templateValues)
            }
        }
        router.post("/organisations/new") { request, context in
            let submitted = try await pages.form(request)
            return try await dependencies.localAccount(context, request) { session in
                let services = dependencies.services.organisations
                do {
                    let id = try await services.create(OrganisationFormView.read(submitted, consentGiven: submitted["consent"] == "yes"),
                                                       declaresAdult: submitted["adult"] == "yes", session: session)
                    context.logger.notice("organisation created", metadata: ["organisation": "\(id)", "account": "\(session.accountID)"])
                    return pages.redirect("/organisations/\(id)?done=created")
                } catch let error as OrganisationError {
                    let texts = pages.texts(request)
                    var view = OrganisationFormView.make(texts, asksForAdult: try await services.asksForAdultDeclaration(session: session),
                                                         asksForConsent: true)
                    view.keepValues(from: submitted)
                    switch error.code {
                    case .invalidForm(let errors): OrganisationFormView.addErrors(errors, to: &view, texts: texts)
                    case .adultDeclarationRequired: view.addError(texts["error.organisation.adultDeclaration"], to: "adult")
                    case .minor: view.addGeneralError(texts["error.organisation.minor"])
                    default: throw error
                    }
                    return pages.render("organisation-new", request, status: .badRequest, values: view.templateValues)
                }
            }
        }
    }
}
