import Foundation
import Logging
import PforteOIDC
import PforteStore

/// `grant_type=client_credentials` (RFC 6749 §4.4) for confidential machine clients: an access
/// token acting for the client itself, without user claims and without a refresh token
/// (RFC 6749 §4.4.3: the client can simply authenticate again).
struct ClientCredentialsGrant: TokenGrantHandler {
    let grantType = "client_credentials"
    let issuer: TokenIssuer
    let accessTokens: any AccessTokenStore
    let now: @Sendable () -> Date

    func exchange(_ form: [String: String], client: ClientRegistration, logger: Logger) async throws -> [String: Any] {
        guard client.type == .confidential else {
            throw TokenError(.unauthorizedClient, "client_credentials is for confidential clients")
        }
        if let scope = form["scope"], !scope.isEmpty {
            throw TokenError(.invalidScope, "client tokens carry no user scopes")
        }
        let access = try await issuer.clientAccessToken(client: client, now: now())
        try await accessTokens.save(AccessTokenRecord(
            tokenID: access.tokenID, grantID: access.tokenID, clientID: client.clientID, accountID: nil, sealedClaims: nil,
            issuedAt: access.issuedAt, expiresAt: access.expiresAt
        ))
        return ["access_token": access.token, "token_type": "Bearer", "expires_in": client.accessTokenLifetime]
    }
}
