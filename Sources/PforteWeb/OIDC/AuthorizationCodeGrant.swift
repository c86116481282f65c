import Foundation
import Logging
import PforteOIDC
import PforteStore

/// `grant_type=authorization_code` (RFC 6749 §4.1.3, OIDC Core §3.1.3.2): checks the code's
/// bindings (client, redirect URI, PKCE), builds its tokens, and redeems the code once together
/// with storing them. A second use of a code revokes every token issued from it (RFC 6749
/// §4.1.2, RFC 9700 §4.5), including those of a winner racing on another node, whose tokens
/// are stored before the code counts as spent. A request failing the bindings changes nothing:
/// whoever has a code without its PKCE verifier can neither spend it nor revoke its tokens.
struct AuthorizationCodeGrant: TokenGrantHandler {
    let grantType = "authorization_code"
    let codes: any AuthorizationCodeStore
    let claimSealing: ClaimSealing
    let minting: TokenMinting

    func exchange(_ form: [String: String], client: ClientRegistration, logger: Logger) async throws -> [String: Any] {
        guard let code = form["code"], let digest = AuthorizationFlow.digest(code), let record = try await codes.find(digest: digest) else {
            throw TokenError(.invalidGrant, "unknown authorization code")
        }
        let grant = try CodeGrant(jsonDocument: record.grant)
        try AuthorizationCodeExchange.check(grant, clientID: client.clientID, form: form)
        let claims = try claimSealing.open(record.sealedClaims, credential: .authorizationCode, value: code)
        let now = minting.now()
        let minted = try await minting.mint(grant, grantID: record.grantID, claims: claims, client: client, refreshed: false, now: now)
        switch try await codes.redeem(digest: digest, now: now, issuing: minted.issue) {
        case .unknown:
            throw TokenError(.invalidGrant, "unknown or expired authorization code")
        case .ended:
            throw TokenError(.invalidGrant, "the session the code was issued in has ended")
        case .replayed(let record):
            logger.warning("authorization code used again: tokens issued from it revoked", metadata: ["client_id": "\(record.clientID)"])
            throw TokenError(.invalidGrant, "the authorization code was already used")
        case .redeemed:
            return minted.response
        }
    }
}
