import Foundation
import Hummingbird
import PforteAccounts
import PforteCore
import PforteCrypto
import PforteOIDC

/// The person-switch page (issue #15): a login that authenticated another account than the
/// browser's live session — a re-login, an eID step-up with another person's card, a Land login
/// landing on another federated account — never replaces that session silently.
///
/// The other account's session starts beside the live one (``SessionIssuer``); its cookie waits
/// in a short-lived cookie with where the login was going. `/login/switch` names both accounts
/// by their login names and offers two choices: *cancel* ends the new session and answers the
/// portal's request with OIDC `access_denied` or SAML `Responder`/`RequestDenied`, the current
/// session stays; *end the current session* logs it out everywhere as `/logout` does (OIDC
/// back-channel, the Land, the SAML round) and continues the portal's request as the other
/// account — where the logout round ends (``RelyingPartySessions``' continuation).
///
/// A plain login at `/login` with no portal request waiting uses the same page (cancel returns
/// to the account page): one rule for every login, and a shared computer's next user is told
/// that somebody else is still signed in.
struct PersonSwitch: Sendable {
    let dependencies: AccountPageDependencies
    let authorizations: AuthorizationFlow
    let singleSignOn: SAMLSingleSignOn
    /// Ends the current session everywhere when the citizen chooses so.
    let logout: SessionLogout
    private var pages: Pages { dependencies.pages }
    private var cookies: CookiePolicy { pages.cookies }

    /// How long the other account's session waits for the citizen's choice.
    static let waitingSeconds = 600

    /// What waits in the switch cookie: the other account's session cookie, where the login was
    /// going, and the portal request to deny on cancel.
    private struct Waiting: Codable {
        let session: String
        let next: String
        let target: FederationTarget?
    }

    /// Completes a login: the session cookie and on to `next`; or, when the browser's live
    /// session is another account's, the person-switch page first.
    static func loggedIn(_ cookie: SessionCookie, _ session: AuthenticatedSession, next: String, target: FederationTarget?,
                         dependencies: AccountPageDependencies, context: PforteRequestContext) -> Response {
        guard let current = context.session, current.accountID != session.accountID else {
            var response = dependencies.pages.redirect(next)
            dependencies.startSession(cookie, on: &response)
            return response
        }
        context.logger.info("login of another account than the session's: asking before switching")
        var response = dependencies.pages.redirect("/login/switch")
        response.setCookie(waitingCookie(Waiting(session: cookie.cookieValue, next: next, target: target), dependencies.pages.cookies))
        return response
    }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/login/switch") { request, context in
            guard let (waiting, other) = try await pending(request) else { return try await stale(request, context) }
            guard let current = context.session else { return adopt(waiting, other.cookie) }
            let texts = pages.texts(request)
            let names = (current: try await loginName(current), other: try await loginName(other.session))
            return pages.render("person-switch", request, values: [
                "currentName": names.current, "otherName": names.other,
                "intro": texts.format("switch.intro", ["current": names.current, "other": names.other]),
                "explanation": texts.format("switch.explanation", ["current": names.current]),
                "forPortal": waiting.target != nil,
            ])
        }
        router.post("/login/switch") { request, context in
            let form = try await pages.form(request)
            guard let (waiting, other) = try await pending(request) else { return try await stale(request, context) }
            guard let current = context.session else { return adopt(waiting, other.cookie) }
            if form.optional("decision") == "end" {
                context.logger.info("person switch: current session ended everywhere")
                var response = try await logout.endEverywhere(sessionReference: current.sessionReference, request, continuingAt: waiting.next)
                    ?? pages.redirect(waiting.next)
                response.setCookie(cookies.expired(name: cookies.personSwitchCookieName))
                dependencies.startSession(other.cookie, on: &response)
                return response
            }
            context.logger.info("person switch cancelled: the current session stays")
            try await dependencies.services.sessions.logout(sessionID: other.cookie.sessionID)
            var response = try await deny(waiting.target, request, context)
            response.setCookie(cookies.expired(name: cookies.personSwitchCookieName))
            return response
        }
    }

    /// The waiting login and the other account's live session.
    private func pending(_ request: Request) async throws -> (Waiting, (cookie: SessionCookie, session: AuthenticatedSession))? {
        // Only a local path is followed, whatever the cookie says (no open redirect).
        guard let waiting = Self.decode(request, cookies), waiting.next.hasPrefix("/"), !waiting.next.hasPrefix("//"),
              let cookie = SessionCookie(cookieValue: waiting.session),
              case .active(let session) = try await dependencies.services.sessions.resume(cookie)
        else { return nil }
        return (waiting, (cookie, session))
    }

    /// No waiting login (expired, already decided, another browser): back to where the browser's
    /// own session leads.
    private func stale(_ request: Request, _ context: PforteRequestContext) async throws -> Response {
        var response = pages.redirect(context.session == nil ? "/login" : "/account")
        response.setCookie(cookies.expired(name: cookies.personSwitchCookieName))
        return response
    }

    /// The current session ended meanwhile (logout in another tab, timeout): nobody to ask.
    private func adopt(_ waiting: Waiting, _ cookie: SessionCookie) -> Response {
        var response = pages.redirect(waiting.next)
        dependencies.startSession(cookie, on: &response)
        response.setCookie(cookies.expired(name: cookies.personSwitchCookieName))
        return response
    }

    /// Ends the portal's request as refused by the user: OIDC `access_denied` (RFC 6749 §4.1.2.1),
    /// SAML `Responder` with `RequestDenied` (SAML Core §3.2.2.2).
    private func deny(_ target: FederationTarget?, _ request: Request, _ context: PforteRequestContext) async throws -> Response {
        switch target {
        case nil:
            return pages.redirect("/account")
        case .oidc(let handle):
            guard let authorization = try await authorizations.finish(handle) else {
                return authorizations.failurePage(request, reason: "expired")
            }
            let error = OAuthError(.accessDenied, "the user kept the current session instead of switching accounts")
            return pages.redirect(authorization.response.location(error: error, issuer: authorizations.issuer))
        case .saml(let handle):
            let (parked, provider) = try await singleSignOn.pendingRequest(handle)
            return try await singleSignOn.answer(handle, parked.request, provider, status: .switchDeclined, request, context)
        }
    }

    private func loginName(_ session: AuthenticatedSession) async throws -> String {
        let profile = try await dependencies.services.profiles.profile(of: session)
        return profile.email ?? profile.login
    }

    private static func waitingCookie(_ waiting: Waiting, _ cookies: CookiePolicy) -> Cookie {
        let value = (try? JSONEncoder().encode(waiting))?.base64URLEncoded ?? ""
        return cookies.cookie(name: cookies.personSwitchCookieName, value: value, maxAge: Self.waitingSeconds)
    }

    private static func decode(_ request: Request, _ cookies: CookiePolicy) -> Waiting? {
        request.cookies[cookies.personSwitchCookieName].flatMap { Data(base64URLEncoded: $0.value) }
            .flatMap { try? JSONDecoder().decode(Waiting.self, from: $0) }
    }
}

extension FederationTarget {
    /// The portal request a login's continuation path (``continuation``) names, if it names one.
    init?(continuation: String) {
        guard let components = URLComponents(string: continuation),
              let handle = components.queryItems?.first(where: { $0.name == "handle" })?.value
        else { return nil }
        switch components.path {
        case "/authorize/continue": self = .oidc(handle: handle)
        case "/saml/continue": self = .saml(handle: handle)
        default: return nil
        }
    }
}
