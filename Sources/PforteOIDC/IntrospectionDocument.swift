public import Foundation

/// The answer of the introspection endpoint (RFC 7662 §2.2). An inactive token gets
/// `{"active": false}` and nothing else, whatever the reason, so that the answer tells a
/// caller nothing about tokens it should not know.
public struct IntrospectionDocument: Encodable, Sendable, Equatable {
    public let active: Bool
    let scope: String?
    let clientID: String?
    let tokenType: String?
    let exp: Int?
    let iat: Int?
    let sub: String?
    let aud: String?
    let iss: String?
    let jti: String?

    public static let inactive = IntrospectionDocument(
        active: false, scope: nil, clientID: nil, tokenType: nil, exp: nil, iat: nil, sub: nil, aud: nil, iss: nil, jti: nil
    )

    /// An active access token, from its verified claims.
    public init(accessToken claims: AccessTokenClaims) {
        self.init(active: true, scope: claims.scope, clientID: claims.clientID, tokenType: "Bearer", exp: claims.exp,
                  iat: claims.iat, sub: claims.sub, aud: claims.aud, iss: claims.iss, jti: claims.jti)
    }

    /// An active refresh token: it is opaque, so its facts come from the store.
    public init(refreshTokenOf grant: CodeGrant, subject: String, clientID: String, issuer: String, issuedAt: Date, expiresAt: Date) {
        self.init(active: true, scope: grant.scopes.map(\.rawValue).joined(separator: " "), clientID: clientID,
                  tokenType: "refresh_token", exp: Int(expiresAt.timeIntervalSince1970), iat: Int(issuedAt.timeIntervalSince1970),
                  sub: subject, aud: nil, iss: issuer, jti: nil)
    }

    private init(active: Bool, scope: String?, clientID: String?, tokenType: String?, exp: Int?, iat: Int?, sub: String?,
                 aud: String?, iss: String?, jti: String?) {
        self.active = active
        self.scope = scope
        self.clientID = clientID
        self.tokenType = tokenType
        self.exp = exp
        self.iat = iat
        self.sub = sub
        self.aud = aud
        self.iss = iss
        self.jti = jti
    }

    enum CodingKeys: String, CodingKey {
        case active, scope
        case clientID = "client_id"
        case tokenType = "token_type"
        case exp, iat, sub, aud, iss, jti
    }

    public func jsonDocument() -> Data {
        // Strings, numbers and a boolean: encoding cannot fail.
        try! OIDCJSON.encoder.encode(self)
    }
}
