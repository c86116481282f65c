import Hummingbird
import PforteAccounts

/// Resolves the session cookie on every request: a live session restarts its idle timer and
/// becomes `context.session`; an ended one is reported once (`context.sessionExpiry`) and its
/// cookie removed.
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
        if let cookie = SessionCookie(cookieValue: value) {
            switch try await sessions.resume(cookie) {
            case let .active(session):
                context.session = session
                context.sessionCookie = cookie
            case let .expired(reason):
                context.sessionExpiry = reason
                clearCookie = true
            case .none:
                clearCookie = true
            }
        } else {
            clearCookie = true
        }
        var response = try await next(request, context)
        if clearCookie && response.headers[.setCookie] == nil {
            response.setCookie(cookies.expired(name: cookies.sessionCookieName))
        }
        return response
    }
}
