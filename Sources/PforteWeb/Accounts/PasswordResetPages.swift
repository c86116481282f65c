import Hummingbird
import PforteAccounts
import PforteCore

/// "Forgot password" (design §4, §6): `/forgot-password` sends a link; `/password-reset` takes
/// the link **and** the secret answer and sets a new password; `/password-reset/recovery` is
/// the way out without any secret, which wipes the sealed personal data after saying so.
struct PasswordResetPages: Sendable {
    static let recoveryPath = AccountLinkPath.passwordReset + "/recovery"

    let dependencies: AccountPageDependencies
    private var pages: Pages { dependencies.pages }
    private var services: AccountServices { dependencies.services }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get(.init(AccountLinkPath.forgotPassword)) { request, _ in
            pages.render("forgot-password", request, values: requestForm(request).templateValues)
        }
        router.post(.init(AccountLinkPath.forgotPassword)) { request, _ in
            let form = try await pages.form(request)
            do {
                try await services.passwordReset.requestReset(email: form["email"], language: pages.mailLanguage(request))
            } catch let error as AccountError {
                guard case .invalidEmail(let reason) = error.code else { throw error }
                var view = requestForm(request)
                view.keepValues(from: form)
                view.addError(pages.texts(request).text(for: .email(reason)), to: "email")
                return pages.render("forgot-password", request, status: .badRequest, values: view.templateValues)
            }
            // Said whether or not the address is registered (no enumeration).
            return pages.message(request, page: "reset-requested", heading: "resetRequested.title",
                                 paragraphs: ["resetRequested.text", "registrationSent.spam"])
        }
        router.get(.init(AccountLinkPath.passwordReset)) { request, _ in
            let token = request.uri.queryParameters["token"].map(String.init) ?? ""
            switch try await challenge(token) {
            case .question(let question):
                return renderReset(request, token: token, question: question.value, form: resetForm(request))
            case .recoveryOnly:
                return pages.redirect("\(Self.recoveryPath)?token=\(token)")
            }
        }
        router.post(.init(AccountLinkPath.passwordReset)) { request, context in
            let form = try await pages.form(request)
            let token = form["token"]
            guard case .question(let question) = try await challenge(token) else {
                return pages.redirect("\(Self.recoveryPath)?token=\(token)")
            }
            var view = resetForm(request)
            let texts = pages.texts(request)
            guard form["password"] == form["passwordRepeated"] else {
                view.addError(texts.text(for: .doesNotMatch), to: "passwordRepeated")
                return renderReset(request, token: token, question: question.value, form: view, status: .badRequest)
            }
            do {
                try await dependencies.passwordWork.run {
                    try await services.passwordReset.resetPassword(
                        token: token, answer: form["secretAnswer"], newPassword: form["password"],
                        clientAddress: context.clientAddress, language: pages.mailLanguage(request)
                    )
                }
            } catch let error as AccountError {
                var status = HTTPResponse.Status.badRequest
                switch error.code {
                case .invalidLink: throw PageFailure.invalidLink
                case .noSecretAnswer: return pages.redirect("\(Self.recoveryPath)?token=\(token)")
                case .passwordRules(let rules):
                    for rule in rules { view.addError(texts.text(for: .password(rule)), to: "password") }
                case .wrongSecretAnswer:
                    view.addError(texts["error.reset.wrongSecretAnswer"], to: "secretAnswer")
                case .throttled, .attemptsExhausted:
                    view.addGeneralError(LoginRefusal.describe(error.code, texts: texts).message)
                    status = .tooManyRequests
                default: throw error
                }
                context.logger.info("password reset refused", metadata: ["reason": "\(error.code)"])
                return renderReset(request, token: token, question: question.value, form: view, status: status)
            }
            return pages.message(request, page: "password-changed", heading: "passwordChanged.title",
                                 paragraphs: ["passwordChanged.text"], link: (href: "/login", text: "passwordChanged.link"))
        }
        router.get(.init(Self.recoveryPath)) { request, _ in
            let token = request.uri.queryParameters["token"].map(String.init) ?? ""
            let question = try await secretQuestion(token)
            return renderRecovery(request, token: token, question: question, form: recoveryForm(request, asksForAnswer: question != nil))
        }
        router.post(.init(Self.recoveryPath)) { request, _ in
            let form = try await pages.form(request)
            let token = form["token"]
            let question = try await secretQuestion(token)
            let asksForAnswer = question != nil
            var view = recoveryForm(request, asksForAnswer: asksForAnswer)
            view.keepValues(from: form)
            let texts = pages.texts(request)
            guard form["confirmWipe"] == "yes" else {
                view.addError(texts["error.recovery.notConfirmed"], to: "confirmWipe")
                return renderRecovery(request, token: token, question: question, form: view, status: .badRequest)
            }
            let recovery = RecoveryForm(
                givenNames: form["givenNames"], familyName: form["familyName"], password: form["password"],
                passwordRepeated: form["passwordRepeated"], secretAnswer: asksForAnswer ? form["secretAnswer"] : nil
            )
            do {
                try await dependencies.passwordWork.run {
                    try await services.recovery.recoverWithoutSecrets(token: token, form: recovery, language: pages.mailLanguage(request))
                }
            } catch let error as AccountError {
                switch error.code {
                case .invalidLink: throw PageFailure.invalidLink
                case .invalidForm(let errors): view.addErrors(errors, texts: texts)
                default: throw error
                }
                return renderRecovery(request, token: token, question: question, form: view, status: .badRequest)
            }
            return pages.message(request, page: "recovered", heading: "recovered.title", paragraphs: ["recovered.text"],
                                 link: (href: "/login", text: "recovered.link"))
        }
    }

    private func challenge(_ token: String) async throws -> ResetChallenge {
        do {
            return try await services.passwordReset.challenge(token: token)
        } catch let error as AccountError where error.code == .invalidLink {
            throw PageFailure.invalidLink
        }
    }

    private func secretQuestion(_ token: String) async throws -> String? {
        do {
            return try await services.recovery.secretQuestion(token: token)
        } catch let error as AccountError where error.code == .invalidLink {
            throw PageFailure.invalidLink
        }
    }

    private func requestForm(_ request: Request) -> FormView {
        FormView([FormField(name: "email", label: pages.texts(request)["field.email"], type: "email", autocomplete: "username")])
    }

    private func resetForm(_ request: Request) -> FormView {
        let texts = pages.texts(request)
        return FormView([
            FormField(name: "secretAnswer", label: texts["field.secretAnswer"], autocomplete: "off"),
            FormField(name: "password", label: texts["field.newPassword"], type: "password", hint: texts["hint.password"],
                      autocomplete: "new-password"),
            FormField(name: "passwordRepeated", label: texts["field.passwordRepeated"], type: "password", autocomplete: "new-password"),
        ])
    }

    private func recoveryForm(_ request: Request, asksForAnswer: Bool) -> FormView {
        let texts = pages.texts(request)
        var fields = [
            FormField(name: "givenNames", label: texts["field.givenNames"], autocomplete: "given-name"),
            FormField(name: "familyName", label: texts["field.familyName"], autocomplete: "family-name"),
            FormField(name: "password", label: texts["field.newPassword"], type: "password", hint: texts["hint.password"],
                      autocomplete: "new-password"),
            FormField(name: "passwordRepeated", label: texts["field.passwordRepeated"], type: "password", autocomplete: "new-password"),
        ]
        if asksForAnswer {
            fields.append(FormField(name: "secretAnswer", label: texts["field.newSecretAnswer"], hint: texts["hint.secretAnswer"],
                                    autocomplete: "off"))
        }
        fields.append(FormField(name: "confirmWipe", label: texts["recovery.confirm"], type: "checkbox", value: "yes"))
        return FormView(fields)
    }

    private func renderReset(_ request: Request, token: String, question: String, form: FormView,
                             status: HTTPResponse.Status = .ok) -> Response {
        var values = form.templateValues
        values["token"] = token
        values["question"] = question
        values["recoveryHref"] = "\(Self.recoveryPath)?token=\(token)"
        return pages.render("password-reset", request, status: status, values: values)
    }

    private func renderRecovery(_ request: Request, token: String, question: String?, form: FormView,
                                status: HTTPResponse.Status = .ok) -> Response {
        var values = form.templateValues
        values["token"] = token
        values["question"] = question
        return pages.render("recovery", request, status: status, values: values)
    }
}
