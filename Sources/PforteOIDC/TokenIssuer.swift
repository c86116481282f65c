public import Foundation
import PforteCrypto

/// Builds and signs the tokens of a redeemed grant: the ID token (OIDC Core §2, §3.1.3.6) and a
/// JWT access token (RFC 9068) for the UserInfo endpoint.
public struct TokenIssuer: Sendable {
    public struct IssuedTokens: Sendable {
        public let idToken: String
        public let accessToken: String
        public let accessTokenID: String
        public let accessTokenExpiresAt: Date
    }

    private let issuer: String
    private let userinfoEndpoint: String
    private let signer: TokenSigner
    private let subjects: PairwiseSubject

    public init(metadata: ProviderMetadata, signer: TokenSigner, subjects: PairwiseSubject) {
        issuer = metadata.issuer
        userinfoEndpoint = metadata.userinfoEndpoint
        self.signer = signer
        self.subjects = subjects
    }

    public func issue(_ grant: CodeGrant, client: ClientRegistration, now: Date) async throws -> IssuedTokens {
        let subject = subjects.subject(accountID: grant.accountID, client: client)
        let issuedAt = Int(now.timeIntervalSince1970)
        let authTime = Int(grant.authTime.timeIntervalSince1970)
        let idToken = IDTokenClaims(
            iss: issuer, sub: subject, aud: client.clientID, exp: issuedAt + client.idTokenLifetime, iat: issuedAt,
            authTime: authTime, nonce: grant.nonce, acr: grant.trustLevel.eidasURI, amr: grant.methods,
            sid: grant.sessionReference
        )
        let accessTokenID = RandomToken.make()
        let accessExpiry = issuedAt + client.accessTokenLifetime
        let accessToken = AccessTokenClaims(
            iss: issuer, sub: subject, aud: userinfoEndpoint, clientID: client.clientID,
            scope: grant.scopes.map(\.rawValue).joined(separator: " "), jti: accessTokenID,
            exp: accessExpiry, iat: issuedAt, authTime: authTime, acr: grant.trustLevel.eidasURI
        )
        return IssuedTokens(
            idToken: try await signer.sign(idToken, algorithm: client.idTokenSignedResponseAlg),
            accessToken: try await signer.sign(accessToken),
            accessTokenID: accessTokenID,
            accessTokenExpiresAt: Date(timeIntervalSince1970: TimeInterval(accessExpiry))
        )
    }
}
