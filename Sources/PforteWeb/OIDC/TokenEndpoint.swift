import Foundation
import Hummingbird
import Logging
import PforteOIDC

/// `POST /token` (RFC 6749 §3.2, OIDC Core §3.1.3): authenticates the client and hands the
/// request to the handler of its `grant_type`. Every answer is JSON and never cached.
struct TokenEndpoint: Sendable {
    let authenticator: ClientAuthenticator
    let endpoint: String
    let grants: [any TokenGrantHandler]

    func register(on router: Router<PforteRequestContext>) {
        router.post("/token") { request, context in
            do {
                return OAuthResponse.json(.ok, try await exchange(request, context: context))
            } catch let error as TokenError {
                context.logger.info("token request refused", metadata: ["error": "\(error)"])
                return OAuthResponse.refusal(error)
            }
        }
    }

    private func exchange(_ request: Request, context: PforteRequestContext) async throws -> [String: Any] {
        let form = try await OAuthResponse.form(request)
        let client = try await authenticator.authenticate(request, form: form, endpoint: endpoint, allowPublic: true)
        guard let grantType = form["grant_type"] else { throw TokenError(.invalidRequest, "grant_type is missing") }
        guard let handler = grants.first(where: { $0.grantType == grantType }) else {
            throw TokenError(.unsupportedGrantType, "grant_type \(grantType) is not supported")
        }
        let answer = try await handler.exchange(form, client: client, logger: context.logger)
        context.logger.info("tokens issued", metadata: ["client_id": "\(client.clientID)", "grant_type": "\(grantType)"])
        return answer
    }
}

/// One grant type of the token endpoint (design: grant types as handlers in a chain — adding a
/// grant adds a file). The client is already authenticated.
protocol TokenGrantHandler: Sendable {
    var grantType: String { get }

    /// The token response's members (RFC 6749 §5.1), or a ``TokenError``.
    func exchange(_ form: [String: String], client: ClientRegistration, logger: Logger) async throws -> [String: Any]
}
