import Foundation
import Hummingbird
import PforteAccounts

/// What the account pages share: the page tools, the account services, and the settings that
/// show on pages (the idle timeout in the expiry notice, the cookie lifetime).
struct AccountPageDependencies: Sendable {
    let pages: Pages
    let services: AccountServices
    let passwordWork: PasswordWorkLimit
    /// Minutes of inactivity after which a session ends, as the notice states it.
    let idleTimeoutMinutes: Int
    /// The session cookie outlives the browser (seed 003: closing the browser does not log
    /// out) but not the session's absolute lifetime.
    let sessionCookieMaxAge: Int
    /// Whether an eID service is configured: the pages then offer the Online-Ausweis.
    var eIDEnabled = false
    /// The application's clock, for the end of a new session's lifetime.
    var now: @Sendable () -> Date = Date.init

    /// Runs `body` for a signed-in user; anyone else is sent to the login page, told why when
    /// their session has just ended.
    func signedIn(_ context: PforteRequestContext,
                  _ body: (AuthenticatedSession) async throws -> Response) async throws -> Response {
        guard let session = context.session else {
            if let expiry = context.sessionExpiry {
                return pages.redirect("/login?expired=\(expiry.rawValue)")
            }
            return pages.redirect("/login")
        }
        return try await body(session)
    }

    /// Makes `cookie` the browser's session, with a new CSRF cookie: forms rendered for the
    /// previous session, or before the login, no longer post (``CSRFProtection``).
    func startSession(_ cookie: SessionCookie, on response: inout Response) {
        response.setCookie(pages.cookies.cookie(name: pages.cookies.sessionCookieName, value: cookie.cookieValue,
                                                maxAge: sessionCookieMaxAge))
        let end = Int(now().timeIntervalSince1970) + sessionCookieMaxAge
        response.setCookie(pages.cookies.cookie(name: pages.cookies.sessionEndCookieName, value: String(end),
                                                maxAge: sessionCookieMaxAge + SessionMiddleware.endNoticeSeconds))
        response.setCookie(pages.csrf.freshCookie())
    }
}
