import Foundation
import Hummingbird
import PforteAccounts
import PforteCore

/// `/account/security` (issue #18): where the account is logged in, with a button to end each
/// other session and one to end all of them, and the latest login attempts with the failed ones.
///
/// Ending a session is a logout of that session everywhere (``SessionLogout``): its record goes,
/// its OIDC clients are told by back channel, and the Land and the SAML portals it took part in
/// by a logout round through this browser, which comes back to the page. Several sessions take
/// one round each: the ones still waiting are kept in a short-lived cookie, and the round returns
/// to `/account/security/continue` for the next. Every session is checked against the signed-in
/// account's own other sessions right before it is ended, so neither a forged form nor a planted
/// cookie ends anybody else's session, nor the current one.
struct SecurityPage: Sendable {
    let dependencies: AccountPageDependencies
    let logout: SessionLogout
    private var pages: Pages { dependencies.pages }
    private var security: SecurityService { dependencies.services.security }

    static let continuation = "/account/security/continue"
    static let done = "/account/security?done=ended"
    /// How long the sessions still to end wait for the browser's return from a logout round.
    static let waitingSeconds = 600

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/account/security") { request, context in
            try await dependencies.signedIn(context) { session in
                try await render(session, request)
            }
        }
        router.post("/account/security/end") { request, context in
            let form = try await pages.form(request)
            return try await dependencies.signedIn(context) { session in
                let endable = try await security.endableSessions([form["session"]], of: session)
                guard !endable.isEmpty else {
                    context.logger.info("security view: refused to end a session that is not another of the account's")
                    return pages.message(request, page: "security-refused", status: .badRequest, heading: "security.refused.title",
                                         paragraphs: ["security.refused.text"], link: (href: "/account/security", text: "security.back"))
                }
                return try await end(endable, session, request, context)
            }
        }
        router.post("/account/security/end-others") { request, context in
            _ = try await pages.form(request)
            return try await dependencies.signedIn(context) { session in
                try await end(try await security.otherSessions(of: session), session, request, context)
            }
        }
        router.get(.init(Self.continuation)) { request, context in
            try await dependencies.signedIn(context) { session in
                guard let waiting = request.cookies[pages.cookies.sessionEndingCookieName]?.value else {
                    return pages.redirect("/account/security")
                }
                let done = request.uri.queryParameters["then"] == "password" ? CredentialChangePages.passwordChanged : Self.done
                return try await end(waiting.split(separator: ".").map(String.init), session, request, context, done: done)
            }
        }
    }

    /// Ends those of `references` that are the account's other live sessions, one after the
    /// other until one needs a logout round through the browser, which returns to
    /// ``continuation`` for the rest; at the end the browser goes to `done`: this page, or the
    /// end of a password change (``CredentialChangePages``), the only two places it may name.
    func end(_ references: [String], _ session: AuthenticatedSession, _ request: Request,
             _ context: PforteRequestContext, done: String = Self.done) async throws -> Response {
        var waiting = try await security.endableSessions(references, of: session)
        let ending = pages.cookies.sessionEndingCookieName
        while !waiting.isEmpty {
            let next = waiting.removeFirst()
            context.logger.info("security view: session ended by the account holder")
            let continuation = waiting.isEmpty ? done
                : Self.continuation + (done == CredentialChangePages.passwordChanged ? "?then=password" : "")
            if var round = try await logout.endEverywhere(sessionReference: next, request, continuingAt: continuation) {
                round.setCookie(waiting.isEmpty ? pages.cookies.expired(name: ending)
                    : pages.cookies.cookie(name: ending, value: waiting.joined(separator: "."), maxAge: Self.waitingSeconds))
                return round
            }
        }
        var response = pages.redirect(done)
        response.setCookie(pages.cookies.expired(name: ending))
        return response
    }

    private func render(_ session: AuthenticatedSession, _ request: Request) async throws -> Response {
        let texts = pages.texts(request)
        let format = SecurityTexts(texts: texts, language: UILanguage.negotiate(for: request))
        let sessions = try await security.sessions(of: session)
        let logins = try await security.loginAttempts(of: session)
        let locks = try await security.lockHistory(of: session)
        var values: [String: Any] = [
            "sessions": sessions.map { entry in
                [
                    "reference": entry.reference, "isCurrent": entry.isCurrent,
                    "browser": format.browser(entry.browser), "started": format.time(entry.startedAt),
                    "lastSeen": format.time(entry.lastSeenAt), "methods": entry.methods.map(format.method).joined(separator: ", "),
                    "level": format.level(entry.trustLevel),
                    "description": texts.format("security.sessions.endDescription", [
                        "browser": format.browser(entry.browser), "started": format.time(entry.startedAt),
                    ]),
                ] as [String: Any]
            },
            "hasOthers": sessions.contains { !$0.isCurrent },
            "hasLogins": !logins.isEmpty,
            "hasLocks": !locks.isEmpty,
            "locks": locks.map { event in
                ["time": format.time(event.at), "what": texts[event.locked ? "security.locks.lock" : "security.locks.unlock"]]
            },
            "logins": logins.map { attempt in
                [
                    "time": format.time(attempt.at),
                    "outcome": texts[attempt.succeeded ? "security.logins.succeeded" : "security.logins.failed"],
                    "outcomeClass": attempt.succeeded ? "succeeded" : "failed",
                    "method": attempt.method.map(format.method) ?? "–",
                    "level": attempt.trustLevel.map(format.level) ?? "–",
                    "browser": format.browser(attempt.browser),
                ]
            },
        ]
        let acceptances = try await acceptances(session, format: format)
        values["acceptances"] = acceptances
        values["hasAcceptances"] = !acceptances.isEmpty
        if request.uri.queryParameters["done"] == "ended" {
            values["notice"] = texts["security.notice.ended"]
        }
        return pages.render("security", request, values: values)
    }

    /// Which terms versions the account accepted and when (issue #19 item 1), newest first, each
    /// linked to its text when the catalogue still has it.
    private func acceptances(_ session: AuthenticatedSession, format: SecurityTexts) async throws -> [[String: String]] {
        let terms = dependencies.services.terms
        var rows: [(kind: TermsKind, version: String, acceptedAt: Date)] = []
        for kind in TermsKind.allCases {
            rows += try await terms.acceptances(accountID: session.accountID.description, kind: kind)
                .map { (kind, $0.version, $0.acceptedAt) }
        }
        return rows.sorted { $0.acceptedAt > $1.acceptedAt }.map { row in
            var entry = ["time": format.time(row.acceptedAt), "version": row.version,
                         "document": format.texts["security.terms.\(row.kind.rawValue)"]]
            entry["href"] = terms.catalog.version(row.kind, id: row.version).map(AccountLinkPath.terms)
            return entry
        }
    }
}
