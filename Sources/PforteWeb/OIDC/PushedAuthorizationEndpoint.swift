import Foundation
import Hummingbird
import PforteOIDC
import PforteStore

/// `POST /par` (RFC 9126): the client pushes its authorization request over the back channel,
/// authenticated, and gets a one-time `request_uri` to send the browser to `/authorize` with.
/// The request is validated here as `/authorize` would, but refusals are JSON (§2.3), since
/// no browser is waiting.
struct PushedAuthorizationEndpoint: Sendable {
    /// RFC 9126 §2.2.
    static let requestURIPrefix = "urn:ietf:params:oauth:request_uri:"
    /// Long enough to redirect the browser, short enough not to leave requests around.
    static let lifetime: TimeInterval = 60
    /// Client authentication, never part of the authorization request itself.
    static let authenticationParameters: Set<String> = ["client_secret", "client_assertion", "client_assertion_type"]

    let authenticator: ClientAuthenticator
    let endpoint: String
    let pending: any PendingAuthorizationStore
    let now: @Sendable () -> Date

    func register(on router: Router<PforteRequestContext>) {
        router.post("/par") { request, context in
            do {
                let form = try await OAuthResponse.form(request)
                let client = try await authenticator.authenticate(request, form: form, endpoint: endpoint, allowPublic: true)
                let requestURI = try await push(form, client: client)
                context.logger.info("authorization request pushed", metadata: ["client_id": "\(client.clientID)"])
                return OAuthResponse.json(.created, ["request_uri": requestURI, "expires_in": Int(Self.lifetime)])
            } catch let error as TokenError {
                context.logger.info("pushed authorization request refused", metadata: ["error": "\(error)"])
                return OAuthResponse.refusal(error)
            }
        }
    }

    private func push(_ form: [String: String], client: ClientRegistration) async throws -> String {
        // RFC 9126 §2.1: a pushed request cannot point at yet another request.
        guard form["request_uri"] == nil else { throw TokenError(.invalidRequest, "request_uri is not allowed at the PAR endpoint") }
        var parameters = form.filter { !Self.authenticationParameters.contains($0.key) }
        parameters["client_id"] = client.clientID
        let now = now()
        let validated: ValidatedAuthorizationRequest
        do {
            validated = try AuthorizationRequest(parameters: parameters).validate(client: client)
        } catch .untrustedRedirect(let reason) {
            throw TokenError(.invalidRequest, "the request is not acceptable: \(reason.rawValue)")
        } catch .redirect(let error, _) {
            throw TokenError(error.code, error.detail)
        }
        let handle = BearerHandle.make()
        try await pending.create(PendingAuthorizationRecord(
            handleDigest: AuthorizationFlow.digest(handle)!, kind: .pushed, request: validated.jsonDocument(),
            createdAt: now, expiresAt: now.addingTimeInterval(Self.lifetime)
        ))
        return Self.requestURIPrefix + handle
    }
}
