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
                return pages.render("organisation-new", request, values: values(view))
            }
        }
        router.post("/organisations/new") { request, context in
            let submitted = try await pages.form(request)
            return try await dependencies.localAccount(context, request) { session in
                let services = dependencies.services.organisations
                do {
                    let id = try await services.create(OrganisationFormView.read(submitted, consentGiven: submitted["consent"] == "yes"),
                                                       declaresAdult: submitted["adult"] == "yes", session: session,
                                                       consentVersion: submitted.optional("consentVersion"))
                    context.logger.notice("organisation created", metadata: ["organisation": "\(id)", "account": "\(session.accountID)"])
                    return pages.redirect("/organisations/\(id)?done=created")
                } catch let error as OrganisationError {
                    let texts = pages.texts(request)
                    var view = try await refusedForm(submitted, session, texts)
                    switch error.code {
                    case .invalidForm(let errors): OrganisationFormView.addErrors(errors, to: &view, texts: texts)
                    case .adultDeclarationRequired: view.addError(texts["error.organisation.adultDeclaration"], to: "adult")
                    case .minor: view.addGeneralError(texts["error.organisation.minor"])
                    default: throw error
                    }
                    return pages.render("organisation-new", request, status: .badRequest, values: values(view))
                } catch let error as AccountError where error.code == .termsVersionMismatch {
                    context.logger.notice("organisation creation refused: the form named another consent version")
                    let texts = pages.texts(request)
                    var view = try await refusedForm(submitted, session, texts)
                    view.addGeneralError(texts["error.organisation.consentOutdated"])
                    return pages.render("organisation-new", request, status: .badRequest, values: values(view))
                }
            }
        }
    }

    private func refusedForm(_ submitted: SubmittedForm, _ session: AuthenticatedSession, _ texts: MessageCatalog) async throws -> FormView {
        var view = OrganisationFormView.make(texts, asksForAdult: try await dependencies.services.organisations
            .asksForAdultDeclaration(session: session), asksForConsent: true)
        view.keepValues(from: submitted)
        return view
    }

    /// The form with the consent declaration in force: its version travels with the form, so
    /// a version that changed meanwhile is not taken as accepted.
    private func values(_ view: FormView) -> [String: Any] {
        let consent = dependencies.services.terms.current(.organisation)
        return view.templateValues.merging(["consentVersion": consent.id, "consentHref": AccountLinkPath.terms(consent)]) { $1 }
    }
}
