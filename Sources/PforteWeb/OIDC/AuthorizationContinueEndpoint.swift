import Hummingbird

/// `GET /authorize/continue?handle=…`: where the login page sends the browser back after a
/// login for a pending authorization request.
struct AuthorizationContinueEndpoint: Sendable {
    let flow: AuthorizationFlow

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/authorize/continue") { request, context in
            let handle = request.uri.queryParameters["handle"].map(String.init) ?? ""
            guard let authorization = try await flow.find(handle) else { return flow.failurePage(request, reason: "expired") }
            return try await flow.proceed(authorization, handle: handle, request, context: context)
        }
    }
}
