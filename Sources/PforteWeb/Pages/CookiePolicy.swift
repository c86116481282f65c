import Hummingbird

/// Names and attributes of Pforte's cookies.
///
/// Over https every cookie is `Secure` and carries the `__Host-` prefix (RFC 6265bis §4.1.3.2):
/// the browser then refuses it unless it was set by this very host, over TLS, for path `/`,
/// so a sibling subdomain cannot plant a session or CSRF cookie. A development instance on
/// plain http on loopback cannot use either, and drops both.
struct CookiePolicy: Sendable {
    let secure: Bool

    var sessionCookieName: String { name("pforte_session") }
    var csrfCookieName: String { name("pforte_csrf") }
    /// Binds an eID login to the browser that started it (``EIDFlow``).
    var eIDBindingCookieName: String { name("pforte_eid") }
    /// The other account's session while the person-switch page waits (``PersonSwitch``).
    var personSwitchCookieName: String { name("pforte_switch") }
    /// Binds a login at another Land to the browser that started it (``FederationArrivals``).
    var federationBindingCookieName: String { name("pforte_federation") }
    /// The sessions still to end while the security view's logout rounds run (``SecurityPage``).
    var sessionEndingCookieName: String { name("pforte_ending") }
    /// When the session's absolute lifetime ends (Unix seconds), outliving the session cookie by
    /// a day: the browser drops the session cookie at that very moment, so only this one tells
    /// the next request why the citizen is logged out (``SessionMiddleware``).
    var sessionEndCookieName: String { name("pforte_session_end") }
    /// The service desk's console session (issue #22), apart from the citizens' session.
    var staffSessionCookieName: String { name("pforte_staff") }

    private func name(_ base: String) -> String {
        secure ? "__Host-" + base : base
    }

    /// `SameSite=Lax`: sent on top-level navigations from a relying party to us (single sign-on
    /// needs the session there), never on cross-site subrequests or cross-site form posts.
    func cookie(name: String, value: String, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    /// A cookie no other site's link or form carries (`SameSite=Strict`): the console's.
    func strictCookie(name: String, value: String, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    func expired(name: String) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}
