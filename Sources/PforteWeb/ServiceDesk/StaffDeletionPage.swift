import Hummingbird
import PforteAccounts

/// `/staff/accounts/delete` (issue #22): deleting an account takes a second confirmation on a
/// page of its own, and an admin; a member with the support role is refused on both steps.
struct StaffDeletionPage: Sendable {
    let console: StaffConsole
    private var pages: Pages { console.pages }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/staff/accounts/delete") { request, _ in
            try await console.signedIn(request) { session in
                guard session.staff.role == .admin else { return console.refused(request, session, .notPermitted) }
                let reference = request.uri.queryParameters["account"].map(String.init) ?? ""
                do {
                    let overview = try await console.services.serviceDesk.lookUp(reference, by: session.actor, recorded: false)
                    return console.render("staff-delete", request, session, values: ["id": overview.id, "login": overview.login])
                } catch let error as AccountError {
                    return console.refused(request, session, error.code)
                }
            }
        }
        router.post("/staff/accounts/delete") { request, context in
            let form = try await pages.form(request)
            return try await console.signedIn(request) { session in
                guard form.optional("confirm") == "yes" else {
                    return pages.redirect("/staff/accounts/delete?account=\(form["account"].addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
                }
                do {
                    let ended = try await console.services.serviceDesk.delete(form["account"], by: session.actor)
                    context.logger.notice("service desk deleted an account", metadata: ["account": "\(form["account"])",
                                                                                       "staff": "\(session.staff.email)"])
                    if !ended.isEmpty { await console.backChannel.notifyEnded() }
                    return console.render("staff-account", request, session, values: ["notice": pages.texts(request)["staff.done.deleted"]])
                } catch let error as AccountError {
                    context.logger.notice("service desk deletion refused", metadata: ["reason": "\(error.code)"])
                    return console.refused(request, session, error.code)
                }
            }
        }
    }
}
