import Foundation
import Logging
import PforteOIDC
import PforteStore

/// `grant_type=refresh_token` (RFC 6749 §6) with rotation: each refresh token works once and
/// is replaced, its successors stored in the transaction that spends it; presenting a spent one
/// means a copy exists, so the whole family — every refresh and access token since the code —
/// is revoked (RFC 9700 §4.14.2).
///
/// Except within the reuse grace (`oidc.refresh_token_reuse_grace_seconds`): a confidential
/// client that authenticated and presents its own token again shortly after it was spent gets a
/// new token pair of the same family, and the pair of the first use stays valid. Parallel
/// requests of one portal page, and a retry after a lost response, present the same token; the
/// copy an attacker might hold is useless without the client's credentials. A public client
/// has no credentials to tell it from a thief, so it gets no grace.
struct RefreshTokenGrant: TokenGrantHandler {
    let grantType = "refresh_token"
    let refreshTokens: any RefreshTokenStore
    let claimSealing: ClaimSealing
    let minting: TokenMinting
    let reuseGrace: TimeInterval

    func exchange(_ form: [String: String], client: ClientRegistration, logger: Logger) async throws -> [String: Any] {
        guard let token = form["refresh_token"], let digest = AuthorizationFlow.digest(token),
              let record = try await refreshTokens.record(digest: digest)
        else { throw TokenError(.invalidGrant, "unknown refresh token") }
        let now = minting.now()
        guard record.clientID == client.clientID else {
            // A client holding another client's token obtained it illicitly.
            try await refreshTokens.revokeFamily(grantID: record.grantID, now: now)
            logger.warning("refresh token presented by another client: its family revoked", metadata: ["client_id": "\(record.clientID)"])
            throw TokenError(.invalidGrant, "the refresh token was issued to another client")
        }
        let grant = try CodeGrant(jsonDocument: record.grant)
        // RFC 6749 §6: a narrower scope may be asked for; Pforte keeps the original grant,
        // and refuses a wider one.
        if let scope = form["scope"], !Set(scope.split(separator: " ").map(String.init)).isSubset(of: grant.scopes.map(\.rawValue)) {
            throw TokenError(.invalidScope, "the scope exceeds the original grant")
        }
        let claims = try claimSealing.open(record.sealedClaims, credential: .refreshToken, value: token)
        let minted = try await minting.mint(grant, grantID: record.grantID, claims: claims, client: client, refreshed: true, now: now)
        let grace = client.type == .confidential && reuseGrace > 0 ? reuseGrace : nil
        switch try await refreshTokens.use(digest: digest, now: now, reuseGrace: grace, issuing: minted.issue) {
        case .unknown:
            throw TokenError(.invalidGrant, "unknown, revoked or expired refresh token")
        case .ended:
            throw TokenError(.invalidGrant, "the grant was revoked or its session has ended")
        case .replayed:
            logger.warning("refresh token used again: its family revoked", metadata: ["client_id": "\(record.clientID)"])
            throw TokenError(.invalidGrant, "the refresh token was already used")
        case .reused:
            logger.info("refresh token used again within the reuse grace", metadata: ["client_id": "\(record.clientID)"])
            return minted.response
        case .rotated:
            return minted.response
        }
    }
}
