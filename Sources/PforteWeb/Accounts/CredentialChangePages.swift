import Hummingbird
import PforteAccounts
import PforteCore

/// `/account/password` and `/account/secret-question` (issue #19, item 3): the citizen changes
/// the password, or the secret question with its answer, with the current password.
///
/// After a password change every other session of the account ends by the security view's
/// logout sequence (``SecurityPage/end(_:_:_:_:done:)``: portals are told), and the citizen is
/// then asked whether this browser stays logged in: the answer "no" is the ordinary logout form.
/// A session from another Land has no password here: the pages say that its Land keeps it.
struct CredentialChangePages: Sendable {
    let dependencies: AccountPageDependencies
    let security: SecurityPage
    private var pages: Pages { dependencies.pages }
    private var service: CredentialChangeService { dependencies.services.credentialChange }

    static let passwordPath = "/account/password"
    static let questionPath = "/account/secret-question"
    /// Where the password change ends, after the other sessions were ended.
    static let passwordChanged = "/account/password/changed"

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get(.init(Self.passwordPath)) { request, context in
            try await dependencies.localAccount(context, request) { _ in
                renderPassword(request, form: passwordForm(request))
            }
        }
        router.post(.init(Self.passwordPath)) { request, context in
            let form = try await pages.form(request)
            return try await dependencies.localAccount(context, request) { session in
                var view = passwordForm(request)
                let texts = pages.texts(request)
                guard form["password"] == form["passwordRepeated"] else {
                    view.addError(texts.text(for: .doesNotMatch), to: "passwordRepeated")
                    return renderPassword(request, form: view, status: .badRequest)
                }
                do {
                    try await dependencies.passwordWork.run {
                        try await service.changePassword(
                            session: session, currentPassword: form["currentPassword"], newPassword: form["password"],
                            clientAddress: context.clientAddress, language: pages.mailLanguage(request)
                        )
                    }
                } catch let error as AccountError {
                    let status = try refusal(error, view: &view, texts: texts)
                    context.logger.info("password change refused", metadata: ["reason": "\(error.code)"])
                    return renderPassword(request, form: view, status: status)
                }
                context.logger.notice("password changed by the account holder", metadata: ["account": "\(session.accountID)"])
                let others = try await dependencies.services.security.otherSessions(of: session)
                return try await security.end(others, session, request, context, done: Self.passwordChanged)
            }
        }
        router.get(.init(Self.passwordChanged)) { request, context in
            try await dependencies.signedIn(context) { _ in
                pages.render("password-changed", request)
            }
        }
        router.get(.init(Self.questionPath)) { request, context in
            try await dependencies.localAccount(context, request) { session in
                try await renderQuestion(request, session, form: questionForm(request))
            }
        }
        router.post(.init(Self.questionPath)) { request, context in
            let form = try await pages.form(request)
            return try await dependencies.localAccount(context, request) { session in
                var view = questionForm(request)
                view.keepValues(from: form)
                let texts = pages.texts(request)
                do {
                    try await dependencies.passwordWork.run {
                        try await service.changeSecretQuestion(
                            session: session, currentPassword: form["currentPassword"], question: form["secretQuestion"],
                            answer: form["secretAnswer"], clientAddress: context.clientAddress, language: pages.mailLanguage(request)
                        )
                    }
                } catch let error as AccountError {
                    let status = try refusal(error, view: &view, texts: texts)
                    context.logger.info("secret question change refused", metadata: ["reason": "\(error.code)"])
                    return try await renderQuestion(request, session, form: view, status: status)
                }
                context.logger.notice("secret question changed by the account holder", metadata: ["account": "\(session.accountID)"])
                return pages.redirect("/account?done=secretQuestion")
            }
        }
    }

    /// Words a refused change on the form; returns the status to answer with.
    private func refusal(_ error: AccountError, view: inout FormView, texts: MessageCatalog) throws -> HTTPResponse.Status {
        switch error.code {
        case .invalidCredentials:
            view.addError(texts["error.credentials.wrongCurrentPassword"], to: "currentPassword")
        case .passwordRules(let rules):
            for rule in rules { view.addError(texts.text(for: .password(rule)), to: "password") }
        case .invalidForm(let errors):
            view.addErrors(errors, texts: texts)
        case .throttled, .attemptsExhausted:
            view.addGeneralError(LoginRefusal.describe(error.code, texts: texts).message)
            return .tooManyRequests
        default:
            throw error
        }
        return .badRequest
    }

    private func passwordForm(_ request: Request) -> FormView {
        let texts = pages.texts(request)
        return FormView([
            FormField(name: "currentPassword", label: texts["field.currentPassword"], type: "password", autocomplete: "current-password"),
            FormField(name: "password", label: texts["field.newPassword"], type: "password", hint: texts["hint.password"],
                      autocomplete: "new-password"),
            FormField(name: "passwordRepeated", label: texts["field.passwordRepeated"], type: "password", autocomplete: "new-password"),
        ])
    }

    private func questionForm(_ request: Request) -> FormView {
        let texts = pages.texts(request)
        return FormView([
            FormField(name: "currentPassword", label: texts["field.currentPassword"], type: "password", autocomplete: "current-password"),
            FormField(name: "secretQuestion", label: texts["field.newSecretQuestion"], hint: texts["hint.secretQuestion"],
                      autocomplete: "off"),
            FormField(name: "secretAnswer", label: texts["field.newSecretAnswer"], hint: texts["hint.secretAnswer"], autocomplete: "off"),
        ])
    }

    private func renderPassword(_ request: Request, form: FormView, status: HTTPResponse.Status = .ok) -> Response {
        var values = form.templateValues
        values["action"] = Self.passwordPath
        values["heading"] = pages.texts(request)["credentials.password.title"]
        values["intro"] = pages.texts(request)["credentials.password.intro"]
        values["submit"] = pages.texts(request)["credentials.password.submit"]
        return pages.render("credential-change", request, page: "password-change", status: status, values: values)
    }

    private func renderQuestion(_ request: Request, _ session: AuthenticatedSession, form: FormView,
                                status: HTTPResponse.Status = .ok) async throws -> Response {
        let texts = pages.texts(request)
        var values = form.templateValues
        values["action"] = Self.questionPath
        values["heading"] = texts["credentials.question.title"]
        values["intro"] = texts["credentials.question.intro"]
        values["submit"] = texts["credentials.question.submit"]
        values["currentQuestion"] = try await service.currentQuestion(session: session) ?? texts["credentials.question.none"]
        return pages.render("credential-change", request, page: "secret-question-change", status: status, values: values)
    }
}
