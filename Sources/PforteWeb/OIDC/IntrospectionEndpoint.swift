import Foundation
import Hummingbird
import PforteOIDC
import PforteStore

/// `POST /introspect` (RFC 7662): an authenticated confidential client learns whether a token
/// is active and what it grants. A client sees only its own tokens; any other token, like an
/// unknown, expired or revoked one, is `{"active": false}`.
struct IntrospectionEndpoint: Sendable {
    let authenticator: ClientAuthenticator
    let endpoint: String
    let lookup: TokenLookup
    let issuer: TokenIssuer

    func register(on router: Router<PforteRequestContext>) {
        router.post("/introspect") { request, context in
            do {
                let form = try await OAuthResponse.form(request)
                let client = try await authenticator.authenticate(request, form: form, endpoint: endpoint, allowPublic: false)
                guard let token = form["token"] else { throw TokenError(.invalidRequest, "token is missing") }
                return OAuthResponse.json(.ok, try await document(token, hint: form["token_type_hint"], client: client).jsonDocument())
            } catch let error as TokenError {
                context.logger.info("introspection refused", metadata: ["error": "\(error)"])
                return OAuthResponse.refusal(error)
            }
        }
    }

    private func document(_ token: String, hint: String?, client: ClientRegistration) async throws -> IntrospectionDocument {
        switch try await lookup.find(token, hint: hint) {
        case .accessToken(let claims, let record) where record.clientID == client.clientID:
            return IntrospectionDocument(accessToken: claims)
        case .refreshToken(let record) where record.clientID == client.clientID:
            let grant = try CodeGrant(jsonDocument: record.grant)
            return IntrospectionDocument(
                refreshTokenOf: grant, subject: issuer.subject(of: grant, client: client), clientID: client.clientID,
                issuer: issuer.issuer, issuedAt: record.createdAt, expiresAt: record.expiresAt
            )
        default:
            return .inactive
        }
    }
}
