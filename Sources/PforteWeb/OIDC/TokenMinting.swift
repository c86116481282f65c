import Foundation
import PforteOIDC
import PforteStore

/// Builds the tokens of a user grant — for a redeemed code and for each refresh: the access
/// token (revocable, with the claim values sealed under it for UserInfo), a new refresh token
/// of the same family (sealed likewise), the ID token, and the link between the session and the
/// client for back-channel logout. The store writes them in the transaction that spends the
/// code or refresh token (``TokenIssue``), so nothing is written here.
struct TokenMinting: Sendable {
    /// The rows to store and the token response (RFC 6749 §5.1) to send once they are stored.
    struct Minted {
        let issue: TokenIssue
        let response: [String: Any]
    }

    let issuer: TokenIssuer
    let claimSealing: ClaimSealing
    let now: @Sendable () -> Date

    /// - Parameter refreshed: whether this answers a refresh (OIDC Core §12.2 for the ID token).
    func mint(_ grant: CodeGrant, grantID: String, claims: UserClaims, client: ClientRegistration, refreshed: Bool,
              now: Date) async throws -> Minted {
        let access = try await issuer.accessToken(for: grant, client: client, now: now)
        let refreshToken = BearerHandle.make()
        let issue = TokenIssue(
            accessToken: AccessTokenRecord(
                tokenID: access.tokenID, grantID: grantID, clientID: client.clientID, accountID: grant.accountID,
                sealedClaims: try claimSealing.seal(claims, credential: .accessToken, value: access.token),
                issuedAt: access.issuedAt, expiresAt: access.expiresAt
            ),
            refreshToken: RefreshTokenRecord(
                digest: AuthorizationFlow.digest(refreshToken)!, grantID: grantID, clientID: client.clientID,
                accountID: grant.accountID, grant: grant.jsonDocument(),
                sealedClaims: try claimSealing.seal(claims, credential: .refreshToken, value: refreshToken),
                // Counted from the authentication, not from this refresh: rotation must not keep a
                // grant alive for ever (design §4 bounds a session; the client's lifetime bounds this).
                createdAt: now, expiresAt: grant.authTime.addingTimeInterval(TimeInterval(client.refreshTokenLifetime))
            ),
            sessionLink: Data(base64URLEncoded: grant.sessionReference).flatMap { try? SecretDigest($0) }.map { digest in
                SessionLink(sessionDigest: digest, clientID: client.clientID, subject: issuer.subject(of: grant, client: client))
            }
        )
        return Minted(issue: issue, response: [
            "access_token": access.token,
            "token_type": "Bearer",
            "expires_in": client.accessTokenLifetime,
            "refresh_token": refreshToken,
            "id_token": try await issuer.idToken(for: grant, client: client, now: now, refreshed: refreshed),
            "scope": grant.scopes.map(\.rawValue).joined(separator: " "),
        ])
    }
}
