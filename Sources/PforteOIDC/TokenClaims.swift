import Foundation
public import JWTKit

/// The ID token's claims (OIDC Core §2). Times are whole Unix seconds.
public struct IDTokenClaims: JWTPayload, Equatable {
    public let iss: String
    public let sub: String
    public let aud: String
    public let exp: Int
    public let iat: Int
    public let authTime: Int
    public let nonce: String?
    /// The eIDAS URI of the session's level (design §3).
    public let acr: String
    public let amr: [String]
    public let sid: String

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, iat
        case authTime = "auth_time"
        case nonce, acr, amr, sid
    }

    /// Pforte issues ID tokens and never accepts one, so there is nothing to verify here.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// An access token's claims (RFC 9068 §2.2). The only resource server so far is Pforte's own
/// UserInfo endpoint, which is therefore the audience.
public struct AccessTokenClaims: JWTPayload, Equatable {
    public let iss: String
    public let sub: String
    public let aud: String
    public let clientID: String
    public let scope: String
    public let jti: String
    public let exp: Int
    public let iat: Int
    public let authTime: Int
    public let acr: String

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud
        case clientID = "client_id"
        case scope, jti, exp, iat
        case authTime = "auth_time"
        case acr
    }

    /// The signature is checked by ``TokenSigner``; issuer, audience and expiry by
    /// ``TokenSigner/verifyAccessToken(_:issuer:audience:now:)`` against the injected clock.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}
