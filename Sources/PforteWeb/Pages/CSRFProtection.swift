import Crypto
import Foundation
import Hummingbird
import PforteCrypto

/// Cross-site request forgery protection for every form: a signed double-submit token
/// (OWASP CSRF Prevention Cheat Sheet).
///
/// The browser holds a random value in an HttpOnly cookie; each form carries
/// HMAC-SHA256(installation key, that value). A forged cross-site post can neither read the
/// cookie nor compute the HMAC, and — unlike a plain double submit — a cookie planted by an
/// attacker is useless without the installation key. The key is shared by all nodes, so any
/// node accepts a form another node rendered. `SameSite=Lax` and the `Origin` check are
/// further layers, not the defence itself.
struct CSRFProtection: Sendable {
    static let formField = "csrf_token"

    let key: SymmetricKey
    let cookies: CookiePolicy
    /// `scheme://host[:port]` of the public URL; a post whose `Origin` differs is refused.
    let expectedOrigin: String

    /// The token for a form on the page answering `request`, and the cookie to set when the
    /// browser has none yet.
    func token(for request: Request) -> (token: String, newCookie: Cookie?) {
        if let value = request.cookies[cookies.csrfCookieName]?.value, Self.isWellFormed(value) {
            return (tag(for: value), nil)
        }
        let value = RandomToken.make()
        return (tag(for: value), cookies.cookie(name: cookies.csrfCookieName, value: value))
    }

    /// Whether a posted form is genuine.
    func isValid(_ request: Request, submittedToken: String?) -> Bool {
        if let origin = request.headers[.origin], origin != expectedOrigin {
            return false
        }
        guard let value = request.cookies[cookies.csrfCookieName]?.value, Self.isWellFormed(value),
              let submittedToken, let submitted = Data(base64URLEncoded: submittedToken)
        else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(submitted, authenticating: Data(value.utf8), using: key)
    }

    private func tag(for value: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: key).base64URLEncoded
    }

    private static func isWellFormed(_ value: String) -> Bool {
        value.utf8.count == 43 && Data(base64URLEncoded: value) != nil
    }
}
