import Hummingbird
import PforteAccounts
import PforteCore

/// The posted actions on `/organisations/{id}/…`: invite, confirm, decline, revoke, promote,
/// leave, and the release switch. Each redirects back to the organisation's page with its
/// outcome (`?done=` or `?problem=`), so reloading never posts twice.
struct OrganisationMemberActions: Sendable {
    let dependencies: AccountPageDependencies
    private var pages: Pages { dependencies.pages }
    private var services: AccountServices { dependencies.services }

    func register(on router: RouterGroup<PforteRequestContext>) {
        action(router, "invite", done: "invited") { id, form, session, request in
            try await services.memberships.invite(organisationID: id, email: form["email"], session: session,
                                                  language: pages.mailLanguage(request))
        }
        action(router, "confirm", done: "confirmed") { id, form, session, request in
            try await services.memberships.confirm(organisationID: id, accountID: form["account"], session: session,
                                                   language: pages.mailLanguage(request))
        }
        action(router, "decline", done: "declined") { id, form, session, _ in
            try await services.memberships.decline(organisationID: id, accountID: form["account"], session: session)
        }
        action(router, "revoke", done: "revoked") { id, form, session, request in
            try await services.memberships.revoke(organisationID: id, accountID: form["account"], session: session,
                                                  language: pages.mailLanguage(request))
        }
        action(router, "promote", done: "promoted") { id, form, session, _ in
            try await services.memberships.promote(organisationID: id, accountID: form["account"], session: session)
        }
        action(router, "release", done: "release") { id, form, session, _ in
            try await services.organisations.setGeneralRelease(organisationID: id, enabled: form["release"] == "on", session: session)
        }
        router.post("/organisations/:organisation/leave") { request, context in
            _ = try await pages.form(request)
            return try await dependencies.localAccount(context, request) { session in
                let id = try context.parameters.require("organisation")
                return try await run(id, request, context) {
                    try await services.memberships.leave(organisationID: id, session: session, language: pages.mailLanguage(request))
                    context.logger.notice("member left organisation", metadata: ["organisation": "\(id)", "account": "\(session.accountID)"])
                    return pages.redirect("/organisations?done=left")
                }
            }
        }
    }

    private func action(_ router: RouterGroup<PforteRequestContext>, _ name: String, done: String,
                        _ perform: @escaping @Sendable (String, SubmittedForm, AuthenticatedSession, Request) async throws -> Void) {
        router.post("/organisations/:organisation/\(name)") { request, context in
            let form = try await pages.form(request)
            return try await dependencies.localAccount(context, request) { session in
                let id = try context.parameters.require("organisation")
                return try await run(id, request, context) {
                    try await perform(id, form, session, request)
                    context.logger.notice("organisation \(name)", metadata: ["organisation": "\(id)", "account": "\(session.accountID)"])
                    return pages.redirect("/organisations/\(id)?done=\(done)")
                }
            }
        }
    }

    /// Runs an action; a refusal the page explains becomes a redirect with `?problem=`.
    private func run(_ id: String, _ request: Request, _ context: PforteRequestContext,
                     _ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as OrganisationError {
            if let page = OrganisationFailures.response(for: error, pages, request) { return page }
            let problem: String
            switch error.code {
            case .refused(let refusal): problem = refusal.rawValue
            case .invalidEmail: problem = "invalidEmail"
            case .alreadyMember: problem = "alreadyMember"
            case .tooManyOpenInvitations: problem = "tooManyOpenInvitations"
            case .memberNotFound, .noAcceptedInvitation: problem = "memberNotFound"
            default: throw error
            }
            context.logger.info("organisation action refused", metadata: ["organisation": "\(id)", "reason": "\(problem)"])
            return pages.redirect("/organisations/\(id)?problem=\(problem)")
        }
    }
}
