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
            try await dependencies.signedIn(context) { session in
                let asks = try await dependencies.services.organisations.asksForAdultDeclaration(session: session)
                return pages.render("organisation-new", request, values: form(request, asksForAdult: asks).templateValues)
            }
        }
        router.post("/organisations/new") { request, context in
            let submitted = try await pages.form(request)
            return try await dependencies.signedIn(context) { session in
                let services = dependencies.services.organisations
                do {
                    let id = try await services.create(Self.organisationForm(submitted), declaresAdult: submitted["adult"] == "yes",
                                                       session: session)
                    context.logger.notice("organisation created", metadata: ["organisation": "\(id)", "account": "\(session.accountID)"])
                    return pages.redirect("/organisations/\(id)?done=created")
                } catch let error as OrganisationError {
                    let texts = pages.texts(request)
                    var view = form(request, asksForAdult: try await services.asksForAdultDeclaration(session: session))
                    view.keepValues(from: submitted)
                    switch error.code {
                    case .invalidForm(let errors):
                        for field in OrganisationForm.Field.allCases where field != .consent {
                            for code in errors[field] { view.addError(texts.text(for: code), to: field.rawValue) }
                        }
                        if !errors[.consent].isEmpty { view.addError(texts["error.organisation.consent"], to: "consent") }
                    case .adultDeclarationRequired: view.addError(texts["error.organisation.adultDeclaration"], to: "adult")
                    case .minor: view.addGeneralError(texts["error.organisation.minor"])
                    default: throw error
                    }
                    return pages.render("organisation-new", request, status: .badRequest, values: view.templateValues)
                }
            }
        }
    }

    static func organisationForm(_ form: SubmittedForm) -> OrganisationForm {
        OrganisationForm(
            name: form["name"], legalForm: form["legalForm"], seat: form["seat"],
            commercialRegisterNumber: form["commercialRegisterNumber"], street: form["street"],
            houseNumber: form["houseNumber"], postalCode: form["postalCode"], city: form["city"],
            countryCode: form.optional("countryCode") ?? PostalAddress.germany, postOfficeBox: form["postOfficeBox"],
            email: form["email"], consentsToTerms: form["consent"] == "yes"
        )
    }

    private func form(_ request: Request, asksForAdult: Bool) -> FormView {
        let texts = pages.texts(request)
        func field(_ name: String, hint: Bool = false, autocomplete: String? = nil, type: String = "text") -> FormField {
            FormField(name: name, label: texts["organisation.field.\(name)"], type: type,
                      hint: hint ? texts["organisation.hint.\(name)"] : nil, autocomplete: autocomplete)
        }
        var legalForm = field("legalForm", type: "select")
        legalForm.options = [(value: "", label: texts["organisation.legalForm.choose"])]
            + LegalForm.allCases.map { (value: $0.rawValue, label: texts["organisation.legalForm.\(Self.key($0))"]) }
        var fields = [
            field("name", hint: true, autocomplete: "organization"), legalForm, field("seat"),
            field("commercialRegisterNumber", hint: true), field("street", autocomplete: "address-line1"),
            field("houseNumber", hint: true), field("postalCode", autocomplete: "postal-code"),
            field("city", autocomplete: "address-level2"), field("countryCode", hint: true, autocomplete: "country"),
            field("postOfficeBox", hint: true), field("email", hint: true, autocomplete: "email", type: "email"),
        ]
        fields[8].value = PostalAddress.germany
        if asksForAdult {
            var adult = field("adult", type: "checkbox")
            adult.value = "yes"
            fields.append(adult)
        }
        var consent = field("consent", type: "checkbox")
        consent.value = "yes"
        fields.append(consent)
        return FormView(fields)
    }

    /// Catalogue keys cannot contain the dot of `e.v.` or the hyphen of `oeffentlich-rechtlich`.
    static func key(_ form: LegalForm) -> String {
        String(describing: form)
    }
}
