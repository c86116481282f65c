import Foundation
import PforteOIDC
import PforteStore

/// Finds what a presented token is, for revocation and introspection (RFC 7009 §2.1,
/// RFC 7662 §2.1): one of Pforte's JWT access tokens with a live record, or a live refresh
/// token. `token_type_hint` only orders the search; a wrong hint still finds the token.
struct TokenLookup: Sendable {
    enum Found: Sendable {
        case accessToken(AccessTokenClaims, AccessTokenRecord)
        case refreshToken(RefreshTokenRecord)
    }

    let signer: TokenSigner
    let issuer: String
    let accessTokens: any AccessTokenStore
    let refreshTokens: any RefreshTokenStore
    let now: @Sendable () -> Date

    func find(_ token: String, hint: String?) async throws -> Found? {
        let lookups = hint == "refresh_token" ? [findRefreshToken, findAccessToken] : [findAccessToken, findRefreshToken]
        for lookup in lookups {
            if let found = try await lookup(token) { return found }
        }
        return nil
    }

    private func findAccessToken(_ token: String) async throws -> Found? {
        let now = now()
        guard let claims = await signer.verifyAccessToken(token, issuer: issuer, audience: nil, now: now),
              let record = try await accessTokens.find(tokenID: claims.jti, now: now)
        else { return nil }
        return .accessToken(claims, record)
    }

    private func findRefreshToken(_ token: String) async throws -> Found? {
        guard let digest = AuthorizationFlow.digest(token), let record = try await refreshTokens.find(digest: digest, now: now()) else {
            return nil
        }
        return .refreshToken(record)
    }
}
