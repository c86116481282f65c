import Crypto
import Foundation
import Hummingbird
import PforteCrypto

/// Cross-site request forgery protection for every form: a signed double-submit token bound to
/// the SSO session (OWASP CSRF Prevention Cheat Sheet, "Signed Double-Submit Cookie").
///
/// The browser holds a random value in an HttpOnly cookie; each form carries
/// HMAC-SHA256(installation key, that value ‖ the session's id). A forged cross-site post can
/// neither read the cookie nor compute the HMAC, and — unlike a plain double submit — a cookie
/// planted by an attacker is useless without the installation key. The key is shared by all
/// nodes, so any node accepts a form another node rendered. `SameSite=Lax` and the `Origin`
/// check are further layers, not the defence itself.
///
/// Binding the token to the session, and a new cookie at every login (``freshCookie()``), make
/// a token obtained before the login — or with a cookie fixated by an attacker — worthless once
/// the citizen is signed in, and one session's token worthless with another session's cookie.
struct CSRFProtection: Sendable {
    static let formField = "csrf_token"

    /// The SSO session a request's forms are bound to, as ``SessionMiddleware`` found it. A task
    /// local, because pages render from the request alone and only that middleware knows whether
    /// the session cookie names a live session.
    @TaskLocal static var binding = SessionBinding.none

    enum SessionBinding: Sendable {
        /// No session cookie, or one that is not ours.
        case none
        /// The session cookie names this live session.
        case live(sessionID: String)
        /// The session cookie names a session that has ended (timeout, logout elsewhere).
        case ended(sessionID: String)

        /// What a form rendered now is bound to: an ended session's cookie is removed or
        /// useless from now on, so its forms are rendered as without a session.
        var rendering: String? {
            if case .live(let sessionID) = self { sessionID } else { nil }
        }

        /// What a posted form may be bound to. A form rendered while the session was live and
        /// posted after it ended still passes, so its handler can say that the session ended
        /// instead of calling the form forged; that handler no longer acts for anybody.
        var accepted: [String?] {
            switch self {
            case .none: [nil]
            case .live(let sessionID): [sessionID]
            case .ended(let sessionID): [nil, sessionID]
            }
        }
    }

    let key: SymmetricKey
    let cookies: CookiePolicy
    /// `scheme://host[:port]` of the public URL; a post whose `Origin` differs is refused.
    let expectedOrigin: String

    /// The token for a form on the page answering `request`, and the cookie to set when the
    /// browser has none yet.
    func token(for request: Request) -> (token: String, newCookie: Cookie?) {
        let session = Self.binding.rendering
        if let value = request.cookies[cookies.csrfCookieName]?.value, Self.isWellFormed(value) {
            return (tag(for: value, session: session), nil)
        }
        let value = RandomToken.make()
        return (tag(for: value, session: session), cookies.cookie(name: cookies.csrfCookieName, value: value))
    }

    /// A new CSRF cookie, set with every new session cookie: tokens of the previous one stop
    /// working.
    func freshCookie() -> Cookie {
        cookies.cookie(name: cookies.csrfCookieName, value: RandomToken.make())
    }

    /// Whether a posted form is genuine.
    func isValid(_ request: Request, submittedToken: String?) -> Bool {
        if let origin = request.headers[.origin], origin != expectedOrigin {
            return false
        }
        guard let value = request.cookies[cookies.csrfCookieName]?.value, Self.isWellFormed(value),
              let submittedToken, let submitted = Data(base64URLEncoded: submittedToken)
        else { return false }
        // Every candidate is checked, so the time taken does not tell which one matched.
        return Self.binding.accepted.reduce(false) { found, session in
            HMAC<SHA256>.isValidAuthenticationCode(submitted, authenticating: Self.message(value, session), using: key) || found
        }
    }

    /// Whether a refused post came from our own pages but without the CSRF cookie that every
    /// page with a form sets: the browser does not keep our cookies (blocked, or cleared since the
    /// page was loaded), which "the form has expired" would not explain. A post from another
    /// site stays a forged form.
    func arrivedWithoutCookie(_ request: Request) -> Bool {
        if let origin = request.headers[.origin], origin != expectedOrigin { return false }
        return request.cookies[cookies.csrfCookieName] == nil
    }

    private func tag(for value: String, session: String?) -> String {
        HMAC<SHA256>.authenticationCode(for: Self.message(value, session), using: key).base64URLEncoded
    }

    /// The cookie value has a fixed length (``isWellFormed(_:)``), so appending the session id
    /// is unambiguous; without a session the message is the cookie value alone.
    private static func message(_ value: String, _ session: String?) -> Data {
        Data((value + (session ?? "")).utf8)
    }

    private static func isWellFormed(_ value: String) -> Bool {
        value.utf8.count == 43 && Data(base64URLEncoded: value) != nil
    }
}
