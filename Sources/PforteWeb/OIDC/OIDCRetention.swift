import Foundation
import PforteStore

/// Removes the OIDC provider's expired state: pending and pushed requests, codes (redeemed or
/// not, kept until expiry to recognise a replay), access tokens and refresh tokens (spent ones
/// likewise). Runs with the account retention jobs (``RetentionService``).
struct OIDCRetention: Sendable {
    let pending: any PendingAuthorizationStore
    let codes: any AuthorizationCodeStore
    let accessTokens: any AccessTokenStore
    let refreshTokens: any RefreshTokenStore

    /// The number of rows removed.
    func purge(now: Date) async throws -> Int {
        let requests = try await pending.purgeExpired(now: now)
        let spentCodes = try await codes.purgeExpired(now: now)
        let access = try await accessTokens.purgeExpired(now: now)
        let refresh = try await refreshTokens.purgeExpired(now: now)
        return requests + spentCodes + access + refresh
    }
}
