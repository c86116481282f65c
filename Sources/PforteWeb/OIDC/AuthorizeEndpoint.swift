import Hummingbird
import PforteAccounts
import PforteOIDC

/// `GET` and `POST /authorize` (OIDC Core §3.1.2.1): validates the request and starts the flow.
/// A request that names no registered client or redirect URI gets a 400 page, never a redirect.
///
/// An `id_token_hint` (OIDC Core §3.1.2.1) must be an ID token Pforte issued to this client
/// (signature by a published key, never `alg: none` or HMAC); a hint that does not verify is
/// refused, and with `prompt=none` a hint naming another session than the browser's gets
/// `login_required` rather than a code for the wrong user.
struct AuthorizeEndpoint: Sendable {
    let flow: AuthorizationFlow
    let signer: TokenSigner

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/authorize") { request, context in
            let parameters: [String: String]
            do {
                parameters = try SubmittedForm(parsing: request.uri.query ?? "").values
            } catch {
                return flow.failurePage(request, reason: AuthorizationError.UntrustedReason.malformedRequest.rawValue)
            }
            return try await authorize(parameters, request, context: context)
        }
        router.post("/authorize") { request, context in
            let parameters: [String: String]
            do {
                // Posted by the client's page, not by ours: there is no CSRF token to check, and
                // none is needed, since the request changes nothing until the user acts.
                parameters = try await SubmittedForm.read(request).values
            } catch is FormParsingError {
                return flow.failurePage(request, reason: AuthorizationError.UntrustedReason.malformedRequest.rawValue)
            }
            return try await authorize(parameters, request, context: context)
        }
    }

    private func authorize(_ parameters: [String: String], _ request: Request, context: PforteRequestContext) async throws -> Response {
        if let requestURI = parameters["request_uri"], requestURI.hasPrefix(PushedAuthorizationEndpoint.requestURIPrefix) {
            return try await authorizePushed(handle: String(requestURI.dropFirst(PushedAuthorizationEndpoint.requestURIPrefix.count)),
                                             clientID: parameters["client_id"], request, context: context)
        }
        let raw = AuthorizationRequest(parameters: parameters)
        var client: RegisteredClient?
        if let clientID = raw.clientID { client = try await flow.clients.find(clientID: clientID) }
        let validated: ValidatedAuthorizationRequest
        do {
            validated = try raw.validate(client: client?.registration)
        } catch .untrustedRedirect(let reason) {
            context.logger.notice("authorization request refused", metadata: ["reason": "\(reason.rawValue)"])
            return flow.failurePage(request, reason: reason.rawValue)
        } catch .redirect(let error, let target) {
            context.logger.info("authorization request refused", metadata: ["error": "\(error)"])
            return flow.pages.redirect(target.location(error: error, issuer: flow.issuer))
        }
        if let hint = parameters["id_token_hint"], !hint.isEmpty,
           let refusal = await refusal(hint: hint, validated, session: context.session) {
            context.logger.info("authorization request refused", metadata: ["error": "\(refusal)"])
            return flow.pages.redirect(validated.response.location(error: refusal, issuer: flow.issuer))
        }
        return try await flow.proceed(validated, handle: nil, request, context: context)
    }

    private func refusal(hint: String, _ authorization: ValidatedAuthorizationRequest,
                         session: AuthenticatedSession?) async -> OAuthError? {
        guard let claims = await signer.verifyIDTokenHint(hint, issuer: flow.issuer), claims.aud == authorization.clientID else {
            return OAuthError(.invalidRequest, "id_token_hint is not an ID token Pforte issued to this client")
        }
        if authorization.prompts.contains(.none), claims.sid != session?.sessionReference {
            return OAuthError(.loginRequired, "the session named by id_token_hint is not the browser's")
        }
        return nil
    }

    /// RFC 9126 §4: the request the client pushed, used once; its `client_id` must be repeated.
    /// An unknown, used or expired `request_uri` has no trusted redirect URI, so it gets a page.
    private func authorizePushed(handle: String, clientID: String?, _ request: Request, context: PforteRequestContext) async throws -> Response {
        guard let pushed = try await flow.takePushed(handle), pushed.clientID == clientID else {
            context.logger.notice("authorization request refused", metadata: ["reason": "unknown request_uri"])
            return flow.failurePage(request, reason: "expired")
        }
        return try await flow.proceed(pushed, handle: nil, request, context: context)
    }
}
