import Hummingbird

/// `GET /authorize/continue?handle=…`: where the login page sends the browser back after a
/// login for a pending authorization request, and where a request received by POST continues
/// in the browser's session (``AuthorizeEndpoint``).
struct AuthorizationContinueEndpoint: Sendable {
    let flow: AuthorizationFlow

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/authorize/continue") { request, context in
            let handle = request.uri.queryParameters["handle"].map(String.init) ?? ""
            guard let authorization = try await flow.find(handle) else { return flow.failurePage(request, reason: "expired") }
            return try await AuthorizeEndpoint.answeringOutage(authorization, flow: flow, context: context) {
                try await AuthorizeEndpoint.proceed(authorization, handle: handle, flow: flow, request, context: context)
            }
        }
    }
}
