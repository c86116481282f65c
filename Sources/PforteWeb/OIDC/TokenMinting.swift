import Foundation
import PforteOIDC
import PforteStore

/// Issues the tokens of a user grant — for a redeemed code and for each refresh — and records
/// them: the access token (revocable, with the claim values sealed under it for UserInfo), a
/// new refresh token of the same family (sealed likewise), the ID token, and the link between
/// the session and the client for back-channel logout.
struct TokenMinting: Sendable {
    let issuer: TokenIssuer
    let accessTokens: any AccessTokenStore
    let refreshTokens: any RefreshTokenStore
    let sessionLinks: any SessionLinkStore
    let claimSealing: ClaimSealing
    let now: @Sendable () -> Date

    /// - Parameter refreshed: whether this answers a refresh (OIDC Core §12.2 for the ID token).
    func mint(_ grant: CodeGrant, grantID: String, claims: UserClaims, client: ClientRegistration, refreshed: Bool) async throws -> [String: Any] {
        let now = now()
        let access = try await issuer.accessToken(for: grant, client: client, now: now)
        try await accessTokens.save(AccessTokenRecord(
            tokenID: access.tokenID, grantID: grantID, clientID: client.clientID, accountID: grant.accountID,
            sealedClaims: try claimSealing.seal(claims, credential: .accessToken, value: access.token),
            issuedAt: access.issuedAt, expiresAt: access.expiresAt
        ))
        let refreshToken = BearerHandle.make()
        try await refreshTokens.issue(RefreshTokenRecord(
            digest: AuthorizationFlow.digest(refreshToken)!, grantID: grantID, clientID: client.clientID, accountID: grant.accountID,
            grant: grant.jsonDocument(), sealedClaims: try claimSealing.seal(claims, credential: .refreshToken, value: refreshToken),
            // Counted from the authentication, not from this refresh: rotation must not keep a
            // grant alive for ever (design §4 bounds a session; the client's lifetime bounds this).
            createdAt: now, expiresAt: grant.authTime.addingTimeInterval(TimeInterval(client.refreshTokenLifetime))
        ))
        if let digest = Data(base64URLEncoded: grant.sessionReference).flatMap({ try? SecretDigest($0) }) {
            try await sessionLinks.link(SessionLink(sessionDigest: digest, clientID: client.clientID,
                                                    subject: issuer.subject(of: grant, client: client)), now: now)
        }
        return [
            "access_token": access.token,
            "token_type": "Bearer",
            "expires_in": client.accessTokenLifetime,
            "refresh_token": refreshToken,
            "id_token": try await issuer.idToken(for: grant, client: client, now: now, refreshed: refreshed),
            "scope": grant.scopes.map(\.rawValue).joined(separator: " "),
        ]
    }
}
