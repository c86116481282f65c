public import Foundation
public import PforteCore

/// What an authorization code stands for, fixed when it is issued and checked when it is
/// redeemed: the request's bindings (client, redirect URI, PKCE challenge, nonce, scopes) and
/// the authentication it rests on (session, time, level, methods). Stored with the code; no
/// personal data (the claim values are sealed apart, ``ClaimSealing``).
public struct CodeGrant: Codable, Sendable, Equatable {
    public let clientID: String
    public let redirectURI: String
    public let codeChallenge: String?
    public let nonce: String?
    public let scopes: [Scope]
    public let accountID: String
    public let sessionReference: String
    public let authTime: Date
    public let trustLevel: TrustLevel
    public let methods: [String]

    public init(request: ValidatedAuthorizationRequest, session: AuthenticationState) {
        clientID = request.clientID
        redirectURI = request.response.redirectURI
        codeChallenge = request.codeChallenge
        nonce = request.nonce
        scopes = request.scopes
        accountID = session.accountID
        sessionReference = session.sessionReference
        authTime = session.authTime
        trustLevel = session.trustLevel
        methods = session.methods
    }

    public func jsonDocument() -> Data {
        // Strings, numbers, dates and arrays of them: encoding cannot fail.
        try! OIDCJSON.encoder.encode(self)
    }

    public init(jsonDocument: Data) throws {
        self = try JSONDecoder().decode(Self.self, from: jsonDocument)
    }
}
