import Hummingbird
import PforteAccounts
import PforteCore

/// `/login`: password login to a session at trust level `normal` (design §3, §4). Logout is
/// ``LogoutEndpoint``'s.
///
/// A login for a pending request carries its handle and returns to the protocol afterwards:
/// an OIDC authorization request (`/login?continue=…` → `/authorize/continue`) or a parked SAML
/// AuthnRequest (`/login?saml=…` → `/saml/continue`). Only handles of the right form (and, for
/// OIDC, of a live request) are followed, and the target is always a local path, so the
/// parameters cannot redirect anywhere else.
struct LoginPages: Sendable {
    let dependencies: AccountPageDependencies
    let authorizations: AuthorizationFlow
    let singleSignOn: SAMLSingleSignOn
    /// Whether Länder are configured: then a portal's login offers "Mit anderem Servicekonto
    /// anmelden" (issue #7).
    var offersFederation = false
    private var pages: Pages { dependencies.pages }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/login") { request, context in
            let continuation = try await pendingAuthorization(request.uri.queryParameters["continue"].map(String.init))
            let samlHandle = Self.samlHandle(request.uri.queryParameters["saml"].map(String.init))
            // A pending request sends a signed-in user here to log in again (prompt=login,
            // max_age, ForceAuthn).
            if context.session != nil && continuation == nil && samlHandle == nil { return pages.redirect("/account") }
            let expiry = context.sessionExpiry
                ?? request.uri.queryParameters["expired"].flatMap { SessionExpiry(rawValue: String($0)) }
            var form = loginForm(request)
            if let hint = continuation?.loginHint { form.keepValues(from: SubmittedForm(values: ["email": hint])) }
            return render(request, form: form, expiry: expiry, continuation: continuation, samlHandle: samlHandle,
                          lapsed: try await lapsedLevelNotice(request, session: context.session, continuation: continuation, samlHandle: samlHandle))
        }
        router.post("/login") { request, context in
            let form = try await pages.form(request)
            let continuation = try await pendingAuthorization(form.optional("continue"))
            let samlHandle = Self.samlHandle(form.optional("saml"))
            var view = loginForm(request)
            view.keepValues(from: form)
            let texts = pages.texts(request)
            do {
                let (cookie, session) = try await dependencies.passwordWork.run {
                    try await dependencies.services.login.logIn(
                        email: form["email"], password: form["password"], clientAddress: context.clientAddress,
                        previousSessionID: context.sessionCookie?.sessionID, browser: request.browserFamily
                    )
                }
                let next = continuation.map { "/authorize/continue?handle=\($0.handle)" }
                    ?? samlHandle.map { "/saml/continue?handle=\($0)" } ?? "/account"
                return PersonSwitch.loggedIn(
                    cookie, session, next: next, target: FederationTarget(continueHandle: continuation?.handle, samlHandle: samlHandle),
                    dependencies: dependencies, context: context
                )
            } catch let error as AccountError where error.code != .accountLocked {
                let (message, status) = LoginRefusal.describe(error.code, texts: texts)
                view.addGeneralError(message)
                context.logger.info("login refused", metadata: ["reason": "\(error.code)"])
                return render(request, form: view, continuation: continuation, samlHandle: samlHandle, status: status)
            }
        }
    }

    private func loginForm(_ request: Request) -> FormView {
        let texts = pages.texts(request)
        return FormView([
            FormField(name: "email", label: texts["field.email"], type: "email", autocomplete: "username"),
            FormField(name: "password", label: texts["field.password"], type: "password", autocomplete: "current-password"),
        ])
    }

    /// The pending authorization request `handle` names, if it is live.
    private func pendingAuthorization(_ handle: String?) async throws -> Continuation? {
        guard let handle, let authorization = try await authorizations.find(handle) else { return nil }
        return Continuation(handle: handle, redirectURI: authorization.response.redirectURI, loginHint: authorization.loginHint,
                            requiredLevel: authorization.requiredLevel)
    }

    /// Why a citizen with a live session is asked to authenticate again (issue #15): the
    /// request needs a level the session reached, but longer ago than that level's maximum age.
    private func lapsedLevelNotice(_ request: Request, session: AuthenticatedSession?, continuation: Continuation?,
                                   samlHandle: String?) async throws -> String? {
        guard let session, let lapsed = session.lapsedLevel else { return nil }
        var required = continuation?.requiredLevel
        if required == nil, let samlHandle { required = try await singleSignOn.requiredLevel(handle: samlHandle) }
        guard let required, required > session.trustLevel, required <= lapsed.level else { return nil }
        let texts = pages.texts(request)
        let minutes = String(Int((lapsed.maxAge / 60).rounded(.up)))
        return required == .hoch
            ? texts.format("login.levelLapsed.hoch", ["minutes": minutes])
            : texts.format("login.levelLapsed.substantiell", ["minutes": minutes])
    }

    /// The pending authorization request a login serves.
    private struct Continuation {
        let handle: String
        let redirectURI: String
        let loginHint: String?
        let requiredLevel: TrustLevel
    }

    /// The handle of a parked SAML request, if `text` has a handle's form.
    private static func samlHandle(_ text: String?) -> String? {
        text.flatMap { SAMLServices.isHandle($0) ? $0 : nil }
    }

    private func render(_ request: Request, form: FormView, expiry: SessionExpiry? = nil, continuation: Continuation?,
                        samlHandle: String?, lapsed: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        var values = form.templateValues
        values["continueHandle"] = continuation?.handle
        values["samlHandle"] = samlHandle
        if offersFederation, let target = FederationTarget(continueHandle: continuation?.handle, samlHandle: samlHandle) {
            values["federationLink"] = "/federation/lands?" + target.query
        }
        values["eIDEnabled"] = dependencies.eIDEnabled
        values["levelHoch"] = continuation?.requiredLevel == .hoch
        values["lapsedNotice"] = lapsed
        if let expiry {
            let texts = pages.texts(request)
            values["expiredNotice"] = switch expiry {
            case .idleTimeout where dependencies.idleTimeoutMinutes <= 1: texts["login.expired.idleOneMinute"]
            case .idleTimeout: texts.format("login.expired.idle", ["minutes": String(dependencies.idleTimeoutMinutes)])
            case .absoluteLifetime: texts["login.expired.absolute"]
            }
        }
        var response = pages.render("login", request, status: status, values: values)
        if let continuation { response.allowFormRedirect(to: continuation.redirectURI) }
        if dependencies.eIDEnabled { EIDStartEndpoint.allowClientRedirects(&response) }
        return response
    }
}
