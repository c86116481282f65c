public import Foundation

/// The UserInfo response (OIDC Core §5.3.2): `sub` and the granted claims, in one JSON object.
public struct UserInfoDocument: Encodable, Sendable {
    public let subject: String
    public let claims: UserClaims

    public init(subject: String, claims: UserClaims) {
        self.subject = subject
        self.claims = claims
    }

    private enum CodingKeys: String, CodingKey {
        case sub
    }

    public func encode(to encoder: any Encoder) throws {
        // Both write into the same top-level object.
        try claims.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(subject, forKey: .sub)
    }

    public func jsonDocument() -> Data {
        // Strings, booleans and objects of them: encoding cannot fail.
        try! OIDCJSON.encoder.encode(self)
    }
}
