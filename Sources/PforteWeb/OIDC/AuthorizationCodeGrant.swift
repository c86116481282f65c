import Foundation
import Logging
import PforteOIDC
import PforteStore

/// `grant_type=authorization_code` (RFC 6749 §4.1.3, OIDC Core §3.1.3.2): redeems the code
/// once and checks its bindings (client, redirect URI, PKCE). A second use of a code revokes
/// every token issued from it (RFC 6749 §4.1.2, RFC 9700 §4.5).
struct AuthorizationCodeGrant: TokenGrantHandler {
    let grantType = "authorization_code"
    let codes: any AuthorizationCodeStore
    let refreshTokens: any RefreshTokenStore
    let claimSealing: ClaimSealing
    let minting: TokenMinting

    func exchange(_ form: [String: String], client: ClientRegistration, logger: Logger) async throws -> [String: Any] {
        guard let code = form["code"], let digest = AuthorizationFlow.digest(code) else {
            throw TokenError(.invalidGrant, "unknown authorization code")
        }
        switch try await codes.redeem(digest: digest, now: minting.now()) {
        case .unknown:
            throw TokenError(.invalidGrant, "unknown or expired authorization code")
        case .replayed(let record):
            try await refreshTokens.revokeFamily(grantID: record.grantID)
            logger.warning("authorization code used again: tokens issued from it revoked", metadata: ["client_id": "\(record.clientID)"])
            throw TokenError(.invalidGrant, "the authorization code was already used")
        case .redeemed(let record):
            let grant = try CodeGrant(jsonDocument: record.grant)
            try AuthorizationCodeExchange.check(grant, clientID: client.clientID, form: form)
            let claims = try claimSealing.open(record.sealedClaims, credential: .authorizationCode, value: code)
            return try await minting.mint(grant, grantID: record.grantID, claims: claims, client: client, refreshed: false)
        }
    }
}
