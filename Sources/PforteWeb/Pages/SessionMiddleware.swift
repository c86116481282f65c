import Hummingbird
import PforteAccounts

/// Resolves the session cookie on every request: a live session restarts its idle timer and
/// becomes `context.session`; an ended one is reported once (`context.sessionExpiry`) and its
/// cookie removed. The forms of the request are bound to that session (``CSRFProtection``).
struct SessionMiddleware: RouterMiddleware {
    typealias Context = PforteRequestContext

    let sessions: SessionService
    let cookies: CookiePolicy

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let value = request.cookies[cookies.sessionCookieName]?.value else {
            return try await next(request, context)
        }
        var context = context
        var clearCookie = false
        var binding = CSRFProtection.SessionBinding.none
        if let cookie = SessionCookie(cookieValue: value) {
            switch try await sessions.resume(cookie) {
            case let .active(session):
                context.session = session
                context.sessionCookie = cookie
                binding = .live(sessionID: cookie.sessionID)
            case let .expired(reason):
                context.sessionExpiry = reason
                clearCookie = true
                binding = .ended(sessionID: cookie.sessionID)
            case .none:
                clearCookie = true
                binding = .ended(sessionID: cookie.sessionID)
            }
        } else {
            clearCookie = true
        }
        var response = try await CSRFProtection.$binding.withValue(binding) { try await next(request, context) }
        if clearCookie && response.headers[.setCookie] == nil {
            response.setCookie(cookies.expired(name: cookies.sessionCookieName))
        }
        return response
    }
}
