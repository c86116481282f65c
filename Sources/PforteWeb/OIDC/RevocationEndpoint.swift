import Foundation
import Hummingbird
import PforteOIDC
import PforteStore

/// `POST /revoke` (RFC 7009): the client revokes one of its own tokens. A refresh token takes
/// its family's access tokens with it. An unknown token, or one of another client, is answered
/// with 200 like a revoked one (RFC 7009 §2.2), so the endpoint reveals nothing.
struct RevocationEndpoint: Sendable {
    let authenticator: ClientAuthenticator
    let endpoint: String
    let lookup: TokenLookup

    func register(on router: Router<PforteRequestContext>) {
        router.post("/revoke") { request, context in
            do {
                let form = try await OAuthResponse.form(request)
                let client = try await authenticator.authenticate(request, form: form, endpoint: endpoint, allowPublic: true)
                guard let token = form["token"] else { throw TokenError(.invalidRequest, "token is missing") }
                switch try await lookup.find(token, hint: form["token_type_hint"]) {
                case .accessToken(_, let record) where record.clientID == client.clientID:
                    try await lookup.accessTokens.revoke(tokenID: record.tokenID)
                    context.logger.info("access token revoked", metadata: ["client_id": "\(client.clientID)"])
                case .refreshToken(let record) where record.clientID == client.clientID:
                    try await lookup.refreshTokens.revoke(digest: record.digest, now: lookup.now())
                    context.logger.info("refresh token revoked", metadata: ["client_id": "\(client.clientID)"])
                default:
                    break
                }
                return Response(status: .ok, headers: [.cacheControl: "no-store"])
            } catch let error as TokenError {
                context.logger.info("revocation refused", metadata: ["error": "\(error)"])
                return OAuthResponse.refusal(error)
            }
        }
    }
}
