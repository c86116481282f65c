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

    /// Pforte reads its own ID tokens back only as `id_token_hint`, whose expiry does not
    /// matter (OIDC RP-Initiated Logout §2); issuer and audience are checked by the caller.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// An access token's claims (RFC 9068 §2.2).
public struct AccessTokenClaims: JWTPayload, Equatable {
    public let iss: String
    public let sub: String
    public let aud: String
    public let clientID: String
    public let scope: String
    public let jti: String
    public let exp: Int
    public let iat: Int
    /// Absent for client tokens, which rest on no user authentication.
    public let authTime: Int?
    public let acr: String?

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

/// A logout token's claims (OIDC Back-Channel Logout 1.0 §2.4): no `nonce`, an `events` member
/// with the back-channel logout event, and both `sub` and `sid`.
public struct LogoutTokenClaims: JWTPayload, Equatable {
    public let iss: String
    public let sub: String
    public let aud: String
    public let iat: Int
    public let exp: Int
    public let jti: String
    public let events: [String: [String: String]]
    public let sid: String

    /// Pforte only issues logout tokens.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}
