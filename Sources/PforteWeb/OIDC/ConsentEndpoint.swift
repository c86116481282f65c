import Hummingbird
import PforteOIDC
import PforteStore

/// The consent page (rendered by ``AuthorizationFlow``) and `POST /authorize/consent`, its
/// CSRF-protected answer. An allowed consent is remembered per account and client, so the page
/// returns only when a client asks for more; a denial ends the request with `access_denied`.
struct ConsentEndpoint: Sendable {
    let flow: AuthorizationFlow

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.post("/authorize/consent") { request, context in
            let form = try await flow.pages.form(request)
            let handle = form["handle"]
            guard let authorization = try await flow.find(handle) else { return flow.failurePage(request, reason: "expired") }
            guard let session = context.session else {
                return try await flow.proceed(authorization, handle: handle, request, context: context)
            }
            guard form["decision"] == "allow" else {
                _ = try await flow.finish(handle)
                context.logger.info("consent denied", metadata: ["client_id": "\(authorization.clientID)"])
                let denial = OAuthError(.accessDenied, "the user denied the request")
                return flow.pages.redirect(authorization.response.location(error: denial, issuer: flow.issuer))
            }
            // What was allowed before stays allowed: the page asked only about this request.
            let accountID = session.accountID.description
            let earlier = try await flow.consents.find(accountID: accountID, clientID: authorization.clientID)?.claims ?? []
            try await flow.consents.save(ConsentRecord(
                accountID: accountID, clientID: authorization.clientID,
                claims: earlier.union(authorization.claims), grantedAt: flow.now()
            ))
            return try await flow.proceed(authorization, handle: handle, request, context: context)
        }
    }

    /// The page listing exactly the claims the request would release, each named in the
    /// user's language, with buttons to allow or deny.
    static func page(pages: Pages, _ request: Request, client: ClientRegistration,
                     authorization: ValidatedAuthorizationRequest, handle: String) -> Response {
        let texts = pages.texts(request)
        let claims = Scope.allCases.flatMap(\.claims).filter(authorization.claims.contains)
        var response = pages.render("consent", request, values: [
            "intro": texts.format("consent.intro", ["client": client.name]),
            "claims": claims.map { texts["consent.claim.\($0)"] },
            "handle": handle,
        ])
        response.allowFormRedirect(to: authorization.response.redirectURI)
        return response
    }
}
