import Hummingbird

/// `GET /saml/continue?handle=…`: where a parked AuthnRequest continues after it arrived, after
/// the login page and after consent.
struct SAMLContinueEndpoint: Sendable {
    let flow: SAMLSingleSignOn

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/saml/continue") { request, context in
            try await flow.proceed(handle: request.uri.queryParameters["handle"].map(String.init) ?? "", request, context: context)
        }
    }
}
