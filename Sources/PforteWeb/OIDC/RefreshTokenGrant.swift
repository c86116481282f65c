import Foundation
import Logging
import PforteOIDC
import PforteStore

/// `grant_type=refresh_token` (RFC 6749 §6) with rotation: each refresh token works once and
/// is replaced; presenting a spent one means a copy exists, so the whole family — every
/// refresh and access token since the code — is revoked (RFC 9700 §4.14.2).
struct RefreshTokenGrant: TokenGrantHandler {
    let grantType = "refresh_token"
    let refreshTokens: any RefreshTokenStore
    let claimSealing: ClaimSealing
    let minting: TokenMinting

    func exchange(_ form: [String: String], client: ClientRegistration, logger: Logger) async throws -> [String: Any] {
        guard let token = form["refresh_token"], let digest = AuthorizationFlow.digest(token) else {
            throw TokenError(.invalidGrant, "unknown refresh token")
        }
        switch try await refreshTokens.use(digest: digest, now: minting.now()) {
        case .unknown:
            throw TokenError(.invalidGrant, "unknown, revoked or expired refresh token")
        case .replayed(let record):
            try await refreshTokens.revokeFamily(grantID: record.grantID)
            logger.warning("refresh token used again: its family revoked", metadata: ["client_id": "\(record.clientID)"])
            throw TokenError(.invalidGrant, "the refresh token was already used")
        case .rotated(let record):
            guard record.clientID == client.clientID else {
                // A client holding another client's token obtained it illicitly.
                try await refreshTokens.revokeFamily(grantID: record.grantID)
                throw TokenError(.invalidGrant, "the refresh token was issued to another client")
            }
            let grant = try CodeGrant(jsonDocument: record.grant)
            // RFC 6749 §6: a narrower scope may be asked for; Pforte keeps the original grant,
            // and refuses a wider one.
            if let scope = form["scope"], !Set(scope.split(separator: " ").map(String.init)).isSubset(of: grant.scopes.map(\.rawValue)) {
                throw TokenError(.invalidScope, "the scope exceeds the original grant")
            }
            let claims = try claimSealing.open(record.sealedClaims, credential: .refreshToken, value: token)
            return try await minting.mint(grant, grantID: record.grantID, claims: claims, client: client, refreshed: true)
        }
    }
}
