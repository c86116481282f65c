import Hummingbird
import PforteAccounts
import PforteCore

/// `/register` and `/activate`: a personal account with activation link (design §4; seed 003,
/// "Registrieren als Bürgerin oder Bürger").
struct RegistrationPages: Sendable {
    let dependencies: AccountPageDependencies
    private var pages: Pages { dependencies.pages }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get(.init(AccountLinkPath.registration)) { request, _ in
            render(request, form: registrationForm(request))
        }
        router.post(.init(AccountLinkPath.registration)) { request, _ in
            let form = try await pages.form(request)
            let submitted = RegistrationForm(
                givenNames: form["givenNames"], familyName: form["familyName"], email: form["email"],
                password: form["password"], passwordRepeated: form["passwordRepeated"],
                secretQuestion: form["secretQuestion"], secretAnswer: form["secretAnswer"],
                consent: RegistrationConsentFields.consent(form)
            )
            do {
                try await dependencies.passwordWork.run {
                    try await dependencies.services.registration.register(submitted, language: pages.mailLanguage(request))
                }
            } catch let error as AccountError {
                guard case .invalidForm(let errors) = error.code else { throw error }
                var view = registrationForm(request)
                view.keepValues(from: form)
                view.addErrors(errors, texts: pages.texts(request))
                return render(request, form: view, status: .badRequest)
            }
            // The same page whether or not the address already had an account: only its
            // mailbox learns that (design §4, no enumeration).
            return pages.message(request, page: "registration-sent", heading: "registrationSent.title",
                                 paragraphs: ["registrationSent.text", "registrationSent.spam"])
        }
        router.get(.init(AccountLinkPath.activation)) { request, _ in
            // Opening the link only shows a button: mail scanners that fetch links must not
            // activate an account its owner may never have asked for.
            let token = request.uri.queryParameters["token"].map(String.init) ?? ""
            return pages.render("activate", request, values: ["token": token])
        }
        router.post(.init(AccountLinkPath.activation)) { request, _ in
            let form = try await pages.form(request)
            do {
                try await dependencies.services.registration.activate(token: form["token"])
            } catch let error as AccountError where error.code == .invalidLink {
                throw PageFailure.invalidLink
            }
            return pages.message(request, page: "activated", heading: "activated.title", paragraphs: ["activated.text"],
                                 link: (href: "/login", text: "activated.link"))
        }
    }

    private func registrationForm(_ request: Request) -> FormView {
        let texts = pages.texts(request)
        return FormView([
            FormField(name: "givenNames", label: texts["field.givenNames"], autocomplete: "given-name"),
            FormField(name: "familyName", label: texts["field.familyName"], autocomplete: "family-name"),
            FormField(name: "email", label: texts["field.email"], type: "email", hint: texts["hint.email"], autocomplete: "email"),
            FormField(name: "password", label: texts["field.password"], type: "password", hint: texts["hint.password"],
                      autocomplete: "new-password"),
            FormField(name: "passwordRepeated", label: texts["field.passwordRepeated"], type: "password",
                      autocomplete: "new-password"),
            FormField(name: "secretQuestion", label: texts["field.secretQuestion"], hint: texts["hint.secretQuestion"]),
            FormField(name: "secretAnswer", label: texts["field.secretAnswer"], hint: texts["hint.secretAnswer"],
                      autocomplete: "off"),
        ] + RegistrationConsentFields.fields(texts))
    }

    /// The page offers both kinds of account (issue #19 item 5): the Servicekonto by this form and,
    /// with an eID connection, the Servicekonto Plus by the card, whose unknown-card page
    /// (``EIDUnknownCardPages``) asks for the rest and for the pseudonym choice.
    private func render(_ request: Request, form: FormView, status: HTTPResponse.Status = .ok) -> Response {
        var values = form.templateValues.merging(RegistrationConsentFields.values(dependencies.services)) { $1 }
        values["eIDEnabled"] = dependencies.eIDEnabled
        var response = pages.render("register", request, status: status, values: values)
        if dependencies.eIDEnabled { EIDStartEndpoint.allowClientRedirects(&response) }
        return response
    }
}
