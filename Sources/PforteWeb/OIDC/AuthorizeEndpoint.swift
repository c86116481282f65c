import Hummingbird
import PforteOIDC

/// `GET` and `POST /authorize` (OIDC Core §3.1.2.1): validates the request and starts the flow.
/// A request that names no registered client or redirect URI gets a 400 page, never a redirect.
struct AuthorizeEndpoint: Sendable {
    let flow: AuthorizationFlow

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
        let raw = AuthorizationRequest(parameters: parameters)
        var client: RegisteredClient?
        if let clientID = raw.clientID { client = try await flow.clients.find(clientID: clientID) }
        let validated: ValidatedAuthorizationRequest
        do {
            validated = try raw.validate(client: client?.registration, receivedAt: flow.now())
        } catch .untrustedRedirect(let reason) {
            context.logger.notice("authorization request refused", metadata: ["reason": "\(reason.rawValue)"])
            return flow.failurePage(request, reason: reason.rawValue)
        } catch .redirect(let error, let target) {
            context.logger.info("authorization request refused", metadata: ["error": "\(error)"])
            return flow.pages.redirect(target.location(error: error, issuer: flow.issuer))
        }
        return try await flow.proceed(validated, handle: nil, request, context: context)
    }
}
