import Hummingbird
import PforteAccounts
import PforteOIDC
import PforteStore

/// `GET` and `POST /authorize` (OIDC Core §3.1.2.1): validates the request and starts the flow.
/// A request that names no registered client or redirect URI gets a 400 page, never a redirect.
///
/// An `id_token_hint` (OIDC Core §3.1.2.1) must be an ID token Pforte issued to this client
/// (signature by a published key, never `alg: none` or HMAC); a hint that does not verify is
/// refused, and with `prompt=none` a hint naming another session than the browser's gets
/// `login_required` rather than a code for the wrong user.
///
/// A request by POST is validated, parked under a one-time handle and continued by a `303` to
/// `GET /authorize/continue`: the client's page posts cross-site, and such a POST does not carry
/// the `SameSite=Lax` session cookie, while the top-level GET after the redirect does — so
/// single sign-on and `prompt=none` behave as with GET (as SAML's POST binding continues at
/// `/saml/continue`). A request that cannot be answered to its client still gets the error
/// page, without parking.
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
            return try await authorize(parameters, request, context: context, parking: false)
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
            return try await authorize(parameters, request, context: context, parking: true)
        }
    }

    /// - Parameter parking: park the request and continue by GET instead of answering now.
    private func authorize(_ parameters: [String: String], _ request: Request, context: PforteRequestContext,
                           parking: Bool) async throws -> Response {
        if let requestURI = parameters["request_uri"], requestURI.hasPrefix(PushedAuthorizationEndpoint.requestURIPrefix) {
            return try await authorizePushed(handle: String(requestURI.dropFirst(PushedAuthorizationEndpoint.requestURIPrefix.count)),
                                             clientID: parameters["client_id"], request, context: context, parking: parking)
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
        var authorization = validated
        if let hint = parameters["id_token_hint"], !hint.isEmpty {
            guard let claims = await signer.verifyIDTokenHint(hint, issuer: flow.issuer), claims.aud == validated.clientID else {
                return refuse(validated, OAuthError(.invalidRequest, "id_token_hint is not an ID token Pforte issued to this client"),
                              context: context)
            }
            authorization = validated.hinting(session: claims.sid)
        }
        return try await Self.answeringOutage(authorization, flow: flow, context: context) {
            if parking { return try await park(authorization) }
            return try await Self.proceed(authorization, handle: nil, flow: flow, request, context: context)
        }
    }

    /// Runs `body` for a request whose client and redirect URI are verified; when the store fails
    /// meanwhile, the client gets `temporarily_unavailable` (RFC 6749 §4.1.2.1, with `state` and
    /// `iss`) at its redirect URI rather than the user a 503 page it cannot leave.
    static func answeringOutage(_ authorization: ValidatedAuthorizationRequest, flow: AuthorizationFlow, context: PforteRequestContext,
                                _ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as StoreError where error.isOutage {
            context.logger.error("authorization request failed: store unavailable", metadata: ["error": "\(error.detail)"])
            let refusal = OAuthError(.temporarilyUnavailable, "the service is briefly unavailable; retry later")
            return flow.pages.redirect(authorization.response.location(error: refusal, issuer: flow.issuer))
        }
    }

    /// Answers a request in the browser's session, refusing `prompt=none` for a session other
    /// than the one its `id_token_hint` names; `handle` is the parked request's, if any.
    static func proceed(_ authorization: ValidatedAuthorizationRequest, handle: String?, flow: AuthorizationFlow,
                        _ request: Request, context: PforteRequestContext) async throws -> Response {
        if authorization.prompts.contains(.none), let hinted = authorization.hintedSession, hinted != context.session?.sessionReference {
            if let handle { _ = try await flow.finish(handle) }
            let error = OAuthError(.loginRequired, "the session named by id_token_hint is not the browser's")
            context.logger.info("authorization request refused", metadata: ["error": "\(error)"])
            return flow.pages.redirect(authorization.response.location(error: error, issuer: flow.issuer))
        }
        return try await flow.proceed(authorization, handle: handle, request, context: context)
    }

    private func refuse(_ authorization: ValidatedAuthorizationRequest, _ error: OAuthError, context: PforteRequestContext) -> Response {
        context.logger.info("authorization request refused", metadata: ["error": "\(error)"])
        return flow.pages.redirect(authorization.response.location(error: error, issuer: flow.issuer))
    }

    private func park(_ authorization: ValidatedAuthorizationRequest) async throws -> Response {
        let handle = try await flow.park(authorization)
        return flow.pages.redirect("/authorize/continue?handle=\(handle)" + (authorization.uiLocale.map { "&lang=\($0)" } ?? ""))
    }

    /// RFC 9126 §4: the request the client pushed, used once; its `client_id` must be repeated.
    /// An unknown, used or expired `request_uri` has no trusted redirect URI, so it gets a page.
    private func authorizePushed(handle: String, clientID: String?, _ request: Request, context: PforteRequestContext,
                                 parking: Bool) async throws -> Response {
        guard let pushed = try await flow.takePushed(handle), pushed.clientID == clientID else {
            context.logger.notice("authorization request refused", metadata: ["reason": "unknown request_uri"])
            return flow.failurePage(request, reason: "expired")
        }
        return try await Self.answeringOutage(pushed, flow: flow, context: context) {
            if parking { return try await park(pushed) }
            return try await flow.proceed(pushed, handle: nil, request, context: context)
        }
    }
}
