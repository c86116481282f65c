import Foundation
import Hummingbird
import PforteAccounts

/// Resolves the session cookie on every request: a live session restarts its idle timer and
/// becomes `context.session`; an ended one is reported once (`context.sessionExpiry`) and its
/// cookie removed. The forms of the request are bound to that session (``CSRFProtection``).
struct SessionMiddleware: RouterMiddleware {
    typealias Context = PforteRequestContext

    /// How long after a session's absolute end its end cookie still explains a logout.
    static let endNoticeSeconds = 24 * 3600

    let sessions: SessionService
    let cookies: CookiePolicy
    let now: @Sendable () -> Date

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let value = request.cookies[cookies.sessionCookieName]?.value else {
            return try await withoutSessionCookie(request, context: context, next: next)
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
        let federated = context.session?.isFederated ?? false
        var response = try await CSRFProtection.$binding.withValue(binding) {
            try await SiteNavigation.$federatedSession.withValue(federated) { try await next(request, context) }
        }
        if clearCookie && response.headers[.setCookie] == nil {
            response.setCookie(cookies.expired(name: cookies.sessionCookieName))
        }
        // A logout (or an ended session) removes the session cookie; its end cookie goes with it.
        let sessionCookieRemoved = response.headers[values: .setCookie].contains {
            $0.hasPrefix(cookies.sessionCookieName + "=;") || $0.hasPrefix(cookies.sessionCookieName + "=\"\";")
                || ($0.hasPrefix(cookies.sessionCookieName + "=") && $0.contains("Max-Age=0"))
        }
        if sessionCookieRemoved && request.cookies[cookies.sessionEndCookieName] != nil {
            response.setCookie(cookies.expired(name: cookies.sessionEndCookieName))
        }
        return response
    }

    /// The browser sent no session cookie. If it still holds the end cookie of a session whose
    /// absolute lifetime has passed, the session cookie expired with it: pages for logged-in
    /// citizens say so (`context.sessionExpiry`) until the next login replaces the end cookie.
    /// An end cookie without that meaning (its time not reached, or long past) is removed.
    private func withoutSessionCookie(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let marker = request.cookies[cookies.sessionEndCookieName]?.value else {
            return try await next(request, context)
        }
        let current = Int(now().timeIntervalSince1970)
        guard let end = Int(marker), end <= current, current < end + Self.endNoticeSeconds else {
            var response = try await next(request, context)
            response.setCookie(cookies.expired(name: cookies.sessionEndCookieName))
            return response
        }
        var context = context
        context.sessionExpiry = .absoluteLifetime
        return try await next(request, context)
    }
}
