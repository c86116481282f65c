import Hummingbird

/// `POST /authorize/acting`: the answer to "in whose name do you act" (rendered by
/// ``AuthorizationFlow`` for requests with scope `organisation`). The chosen party is kept with
/// the request, which then continues to its code.
struct ActingEndpoint: Sendable {
    let flow: AuthorizationFlow

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.post("/authorize/acting") { request, context in
            let form = try await flow.pages.form(request)
            let handle = form["handle"]
            guard let authorization = try await flow.find(handle) else { return flow.failurePage(request, reason: "expired") }
            guard let session = context.session else {
                return try await flow.proceed(authorization, handle: handle, request, context: context)
            }
            guard let target = try await flow.actingTarget(authorization, handle: handle) else {
                return flow.failurePage(request, reason: "unknownClient")
            }
            switch try await flow.acting.answer(form, request, session: session, target: target) {
            case .page(let page):
                return page
            case .chosen(let party):
                guard try await flow.finish(handle) != nil else { return flow.failurePage(request, reason: "expired") }
                context.logger.info("acting party chosen", metadata: [
                    "client_id": "\(authorization.clientID)", "organisation": "\(party != .person)",
                ])
                return try await flow.proceed(authorization.acting(as: party), handle: nil, request, context: context)
            }
        }
    }
}
