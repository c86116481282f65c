import Foundation
import Hummingbird
import PforteAccounts
import PforteStore

/// `/staff/accounts` (issue #22): look an account up by login address or id and act on it —
/// lock with a reason, unlock, resend the activation mail, send a reset mail, end all sessions,
/// delete (admins, after a second confirmation). Each action is audited with the change itself
/// (``ServiceDeskService``) and logged here; ended sessions are reported to the OIDC portals by
/// back channel at once.
struct StaffAccountPages: Sendable {
    let console: StaffConsole
    private var pages: Pages { console.pages }
    private var desk: ServiceDeskService { console.services.serviceDesk }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/staff/accounts") { request, context in
            try await show(request, context, query: request.uri.queryParameters["q"].map(String.init) ?? "",
                           done: request.uri.queryParameters["done"].map(String.init))
        }
        router.post("/staff/accounts") { request, context in
            try await show(request, context, query: try await pages.form(request)["q"], done: nil)
        }
        action(router, "lock", done: "locked") { session, form in
            try await desk.lock(form["account"], reason: form["reason"], by: session.actor).ended
        }
        action(router, "unlock", done: "unlocked") { session, form in
            try await desk.unlock(form["account"], reason: form.optional("reason"), by: session.actor)
            return []
        }
        action(router, "resend-activation", done: "activation") { session, form in
            try await desk.resendActivation(form["account"], by: session.actor, language: .german)
            return []
        }
        action(router, "send-reset", done: "reset") { session, form in
            try await desk.sendPasswordReset(form["account"], by: session.actor, language: .german)
            return []
        }
        action(router, "end-sessions", done: "ended") { session, form in
            try await desk.endSessions(form["account"], by: session.actor)
        }
        StaffDeletionPage(console: console).register(on: router)
    }

    /// The search form, and the account `query` names when there is one, with the notice of the
    /// action just `done`.
    private func show(_ request: Request, _ context: PforteRequestContext, query: String, done: String?) async throws -> Response {
        try await console.signedIn(request) { session in
            let query = query.trimmingCharacters(in: .whitespaces)
            guard !query.isEmpty else { return console.render("staff-account", request, session) }
            do {
                let overview = try await desk.lookUp(query, by: session.actor, recorded: done == nil)
                context.logger.notice("service desk look-up", metadata: ["account": "\(overview.id)", "staff": "\(session.staff.email)"])
                var values = StaffAccountView(texts: pages.texts(request), language: UILanguage.negotiate(for: request)).values(overview)
                values["query"] = query
                if let done, Self.notices.contains(done) {
                    values["notice"] = pages.texts(request)["staff.done.\(done)"]
                }
                return console.render("staff-account", request, session, values: values)
            } catch let error as AccountError {
                return console.refused(request, session, error.code, query: query)
            }
        }
    }

    private static let notices: Set<String> = ["locked", "unlocked", "activation", "reset", "ended"]

    /// `POST /staff/accounts/<name>`: runs `body`, logs it, tells the OIDC portals of the ended
    /// sessions, and shows the account again with a notice.
    private func action(_ router: RouterGroup<PforteRequestContext>, _ name: String, done: String,
                        _ body: @escaping @Sendable (StaffSession, SubmittedForm) async throws -> [EndedSession]) {
        router.post(.init("/staff/accounts/\(name)")) { request, context in
            let form = try await pages.form(request)
            return try await console.signedIn(request) { session in
                do {
                    let ended = try await body(session, form)
                    context.logger.notice("service desk action", metadata: [
                        "action": "\(name)", "account": "\(form["account"])", "staff": "\(session.staff.email)",
                        "sessions_ended": "\(ended.count)",
                    ])
                    if !ended.isEmpty { await console.backChannel.notifyEnded() }
                    let account = form["account"].addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                    return pages.redirect("/staff/accounts?q=\(account)&done=\(done)")
                } catch let error as AccountError {
                    context.logger.notice("service desk action refused", metadata: ["action": "\(name)", "reason": "\(error.code)"])
                    return console.refused(request, session, error.code)
                }
            }
        }
    }
}
