import Hummingbird
import PforteAccounts
import PforteCore

/// `/eid/unknown`: a card no account is linked to (issue 6). The user either registers a new
/// account with it — e-mail address, password and secret question; the names and the other
/// locked fields come from the card — or links it to an existing account by logging in with
/// the password (also re-linking after a new card, which must name the same person).
///
/// The card's data stays in the step's sealed record; the forms carry only its handle, and
/// only the browser that started the step (binding cookie) can use them.
struct EIDUnknownCardPages: Sendable {
    let flow: EIDFlow
    private var pages: Pages { flow.pages }
    private var dependencies: AccountPageDependencies { flow.dependencies }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/eid/unknown") { request, _ in
            let handle = request.uri.queryParameters["handle"].map(String.init)
            guard let handle, let transaction = try await flow.boundStep(handle, request), let identity = transaction.identity else {
                return flow.failurePage(request, reason: "unknown_step")
            }
            return try await render(request, handle: handle, identity: identity, registration: registrationForm(request), link: linkForm(request))
        }
        router.post("/eid/register") { request, _ in
            let form = try await pages.form(request)
            let handle = form["handle"]
            guard let transaction = try await flow.boundStep(handle, request), let identity = transaction.identity else {
                return flow.failurePage(request, reason: "unknown_step")
            }
            guard let profile = identity.newProfile else { return flow.failurePage(request, reason: "incomplete") }
            // The person has an account already; its card was only deactivated there.
            guard try await !dependencies.services.eID.wasDeactivated(identity) else {
                return try await render(request, handle: handle, identity: identity, registration: registrationForm(request),
                                        link: linkForm(request), status: .conflict)
            }
            let submitted = RegistrationForm(
                givenNames: profile.givenNames.value, familyName: profile.familyName.value, email: form["email"],
                password: form["password"], passwordRepeated: form["passwordRepeated"],
                secretQuestion: form["secretQuestion"], secretAnswer: form["secretAnswer"],
                consent: RegistrationConsentFields.consent(form)
            )
            do {
                try await dependencies.passwordWork.run {
                    try await dependencies.services.registration.register(submitted, language: pages.mailLanguage(request), eID: identity,
                                                                          cardLogin: Self.cardLogin(form))
                }
            } catch let error as AccountError {
                if let reason = EIDFlow.reason(for: error) { return flow.failurePage(request, reason: reason) }
                guard case .invalidForm(let errors) = error.code else { throw error }
                var view = registrationForm(request)
                view.keepValues(from: form)
                view.addErrors(errors, texts: pages.texts(request))
                return try await render(request, handle: handle, identity: identity, registration: view, link: linkForm(request),
                                        cardLogin: Self.cardLogin(form), status: .badRequest)
            }
            _ = try await flow.transactions.take(handle, stage: .finish)
            var response = pages.message(request, page: "registration-sent", heading: "registrationSent.title",
                                         paragraphs: ["registrationSent.text", "registrationSent.spam"])
            response.setCookie(flow.expiredBindingCookie)
            return response
        }
        router.post("/eid/link") { request, context in
            let form = try await pages.form(request)
            let handle = form["handle"]
            guard let transaction = try await flow.boundStep(handle, request), let identity = transaction.identity else {
                return flow.failurePage(request, reason: "unknown_step")
            }
            do {
                let (cookie, session) = try await dependencies.passwordWork.run {
                    try await dependencies.services.eID.link(identity, email: form["linkEmail"], password: form["linkPassword"],
                                                             clientAddress: context.clientAddress,
                                                             previousSessionID: context.sessionCookie?.sessionID,
                                                             browser: request.browserFamily)
                }
                _ = try await flow.transactions.take(handle, stage: .finish)
                context.logger.info("eid card linked to an account")
                return try await flow.loggedIn(cookie, session, continuation: transaction.continuation, context: context)
            } catch let error as AccountError {
                let texts = pages.texts(request)
                var view = linkForm(request)
                view.keepValues(from: form)
                let message: String, status: HTTPResponse.Status
                switch error.code {
                case .eIDLinkedElsewhere, .eIDIdentityMismatch:
                    (message, status) = (texts["eid.error.\(EIDFlow.reason(for: error) ?? "unknown")"], .conflict)
                case .throttled, .attemptsExhausted, .notActivated, .invalidCredentials:
                    (message, status) = LoginRefusal.describe(error.code, texts: texts)
                default:
                    throw error
                }
                view.addGeneralError(message)
                context.logger.info("eid link refused", metadata: ["reason": "\(error.code)"])
                return try await render(request, handle: handle, identity: identity, registration: registrationForm(request), link: view, status: status)
            }
        }
    }

    /// The page for the card; a card its account deactivated (issue #19) is offered only the
    /// link to that account, with a word why, and no registration of a second account.
    private func render(_ request: Request, handle: String, identity: EIDIdentity, registration: FormView, link: FormView,
                        cardLogin: Bool = true, status: HTTPResponse.Status = .ok) async throws -> Response {
        var values: [String: Any] = ["handle": handle, "cardLoginDeclined": !cardLogin]
        values["deactivated"] = try await dependencies.services.eID.wasDeactivated(identity)
        values["cardName"] = [identity.givenNames?.value, identity.familyName?.value].compactMap { $0 }.joined(separator: " ")
        values["registration"] = registration.templateValues.merging(RegistrationConsentFields.values(dependencies.services)) { $1 }
        values["link"] = link.templateValues
        return pages.render("eid-unknown", request, status: status, values: values)
    }

    /// The pseudonym choice of the registration (seed 003: the citizen may deselect the
    /// "Pseudonym" so that the card cannot log in): the box is ticked on the page, and a form
    /// without it declines, as an unticked box sends nothing.
    private static func cardLogin(_ form: SubmittedForm) -> Bool {
        form.optional("cardLogin") == "on"
    }

    private func registrationForm(_ request: Request) -> FormView {
        let texts = pages.texts(request)
        return FormView([
            FormField(name: "email", label: texts["field.email"], type: "email", hint: texts["hint.email"], autocomplete: "email"),
            FormField(name: "password", label: texts["field.password"], type: "password", hint: texts["hint.password"],
                      autocomplete: "new-password"),
            FormField(name: "passwordRepeated", label: texts["field.passwordRepeated"], type: "password", autocomplete: "new-password"),
            FormField(name: "secretQuestion", label: texts["field.secretQuestion"], hint: texts["hint.secretQuestion"]),
            FormField(name: "secretAnswer", label: texts["field.secretAnswer"], hint: texts["hint.secretAnswer"], autocomplete: "off"),
        ] + RegistrationConsentFields.fields(texts))
    }

    private func linkForm(_ request: Request) -> FormView {
        let texts = pages.texts(request)
        return FormView([
            FormField(name: "linkEmail", label: texts["field.email"], type: "email", autocomplete: "username"),
            FormField(name: "linkPassword", label: texts["field.password"], type: "password", autocomplete: "current-password"),
        ])
    }
}
