public import Foundation
import PforteCrypto

/// Builds and signs Pforte's tokens: ID tokens (OIDC Core §2, §3.1.3.6, §12.2), JWT access
/// tokens (RFC 9068) and logout tokens (Back-Channel Logout §2.4).
public struct TokenIssuer: Sendable {
    /// A signed access token and what its store record needs.
    public struct IssuedAccessToken: Sendable {
        public let token: String
        public let tokenID: String
        public let issuedAt: Date
        public let expiresAt: Date
    }

    /// The event that makes a JWT a logout token (Back-Channel Logout §2.4).
    static let backChannelLogoutEvent = "http://schemas.openid.net/event/backchannel-logout"

    public let issuer: String
    /// The audience of access tokens for the user: Pforte's UserInfo endpoint, the only
    /// resource server that accepts them.
    public let userinfoEndpoint: String
    private let signer: TokenSigner
    private let subjects: PairwiseSubject

    public init(metadata: ProviderMetadata, signer: TokenSigner, subjects: PairwiseSubject) {
        issuer = metadata.issuer
        userinfoEndpoint = metadata.userinfoEndpoint
        self.signer = signer
        self.subjects = subjects
    }

    /// The pairwise `sub` of the grant's account for `client` (design §5).
    public func subject(of grant: CodeGrant, client: ClientRegistration) -> String {
        subjects.subject(accountID: grant.accountID, client: client)
    }

    /// - Parameter refreshed: an ID token from a refresh keeps `auth_time` and omits `nonce`,
    ///   which belonged to the original authentication request (OIDC Core §12.2).
    public func idToken(for grant: CodeGrant, client: ClientRegistration, now: Date, refreshed: Bool = false) async throws -> String {
        let issuedAt = Int(now.timeIntervalSince1970)
        let claims = IDTokenClaims(
            iss: issuer, sub: subject(of: grant, client: client), aud: client.clientID, exp: issuedAt + client.idTokenLifetime,
            iat: issuedAt, authTime: Int(grant.authTime.timeIntervalSince1970), nonce: refreshed ? nil : grant.nonce,
            acr: grant.trustLevel.eidasURI, amr: grant.methods, sid: grant.sessionReference
        )
        return try await signer.sign(claims, algorithm: client.idTokenSignedResponseAlg)
    }

    /// An access token acting for the grant's user, for the UserInfo endpoint.
    public func accessToken(for grant: CodeGrant, client: ClientRegistration, now: Date) async throws -> IssuedAccessToken {
        try await accessToken(
            subject: subject(of: grant, client: client), audience: userinfoEndpoint, client: client,
            scope: grant.scopes.map(\.rawValue).joined(separator: " "), authentication: grant, now: now
        )
    }

    /// An access token acting for the client itself (`client_credentials`, RFC 6749 §4.4): its
    /// `sub` is the client id (RFC 9068 §2.2), it grants no user claims, and its audience is
    /// the issuer, since it serves Pforte's own token management endpoints only.
    public func clientAccessToken(client: ClientRegistration, now: Date) async throws -> IssuedAccessToken {
        try await accessToken(subject: client.clientID, audience: issuer, client: client, scope: "", authentication: nil, now: now)
    }

    /// A logout token telling `client` that session `sessionReference` of `subject` ended.
    public func logoutToken(subject: String, sessionReference: String, client: ClientRegistration, now: Date) async throws -> String {
        let issuedAt = Int(now.timeIntervalSince1970)
        let claims = LogoutTokenClaims(
            iss: issuer, sub: subject, aud: client.clientID, iat: issuedAt, exp: issuedAt + 120, jti: RandomToken.make(),
            events: [Self.backChannelLogoutEvent: [:]], sid: sessionReference
        )
        return try await signer.sign(claims, algorithm: client.idTokenSignedResponseAlg)
    }

    private func accessToken(subject: String, audience: String, client: ClientRegistration, scope: String,
                             authentication: CodeGrant?, now: Date) async throws -> IssuedAccessToken {
        let issuedAt = Int(now.timeIntervalSince1970)
        let tokenID = RandomToken.make()
        let expiry = issuedAt + client.accessTokenLifetime
        let claims = AccessTokenClaims(
            iss: issuer, sub: subject, aud: audience, clientID: client.clientID, scope: scope, jti: tokenID,
            exp: expiry, iat: issuedAt, authTime: authentication.map { Int($0.authTime.timeIntervalSince1970) },
            acr: authentication?.trustLevel.eidasURI
        )
        return IssuedAccessToken(
            token: try await signer.sign(claims), tokenID: tokenID,
            issuedAt: Date(timeIntervalSince1970: TimeInterval(issuedAt)),
            expiresAt: Date(timeIntervalSince1970: TimeInterval(expiry))
        )
    }
}
