import Hummingbird
import PforteAccounts

/// `GET /eid/finish?handle=…`: where the eID-Client sends the browser after a successful card
/// session. Only the browser that started the step (its binding cookie) may finish it; then
/// the step does what it was started for: log in (or offer registration and linking for an
/// unknown card), upgrade the account, or sync its data.
struct EIDFinishEndpoint: Sendable {
    let flow: EIDFlow
    private var services: AccountServices { flow.dependencies.services }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/eid/finish") { request, context in
            let handle = request.uri.queryParameters["handle"].map(String.init)
            guard let handle, try await flow.transactions.find(handle, stage: .finish) != nil else {
                return flow.failurePage(request, reason: "unknown_step")
            }
            guard try await flow.boundStep(handle, request) != nil else {
                // The eID-Client itself may fetch this URL before the browser does: nothing is
                // spent here, the browser with the cookie can still finish.
                context.logger.notice("eid finish without the starting browser's binding")
                return flow.failurePage(request, reason: "other_browser", status: .forbidden)
            }
            guard let transaction = try await flow.transactions.take(handle, stage: .finish),
                  let identity = transaction.identity
            else { return flow.failurePage(request, reason: "unknown_step") }
            do {
                switch transaction.purpose {
                case .login:
                    switch try await services.eID.logIn(identity, previousSessionID: context.sessionCookie?.sessionID,
                                                        browser: request.browserFamily) {
                    case .loggedIn(let cookie, let session):
                        return try await flow.loggedIn(cookie, session, continuation: transaction.continuation, context: context)
                    case .unknownPseudonym:
                        context.logger.info("eid login with an unknown card")
                        let next = try await flow.transactions.store(transaction, stage: .finish)
                        return flow.pages.redirect("/eid/unknown?handle=\(next)")
                    }
                case .upgrade:
                    guard let session = context.session, session.accountID.description == transaction.accountID else {
                        return flow.failurePage(request, reason: "wrong_account", status: .forbidden)
                    }
                    try await services.eID.upgrade(session, with: identity)
                    context.logger.info("eid upgrade to servicekonto plus")
                    var response = flow.pages.message(request, page: "eid-upgraded", heading: "eid.upgraded.title",
                                                      paragraphs: ["eid.upgraded.text"], link: (href: "/login", text: "common.toLogin"))
                    response.setCookie(flow.pages.cookies.expired(name: flow.pages.cookies.sessionCookieName))
                    response.setCookie(flow.expiredBindingCookie)
                    return response
                case .sync:
                    guard let session = context.session, session.accountID.description == transaction.accountID else {
                        return flow.failurePage(request, reason: "wrong_account", status: .forbidden)
                    }
                    try await services.eID.sync(session, with: identity)
                    context.logger.info("eid data sync")
                    var response = flow.pages.redirect("/account/eid?done=sync")
                    response.setCookie(flow.expiredBindingCookie)
                    return response
                }
            } catch let error as AccountError {
                guard let reason = EIDFlow.reason(for: error) else { throw error }
                context.logger.info("eid step refused", metadata: ["purpose": "\(transaction.purpose.rawValue)", "reason": "\(reason)"])
                return flow.failurePage(request, reason: reason)
            }
        }
    }
}
