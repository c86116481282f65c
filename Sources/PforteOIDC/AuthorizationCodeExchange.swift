
/// The `authorization_code` grant (RFC 6749 §4.1.3, OIDC Core §3.1.3.2): the checks between a
/// redeemed code and the tokens, for an already authenticated client.
public enum AuthorizationCodeExchange {
    /// - Parameters:
    ///   - grant: what the code was issued for.
    ///   - clientID: the authenticated client.
    ///   - form: the token request.
    public static func check(_ grant: CodeGrant, clientID: String, form: [String: String]) throws(TokenError) {
        guard grant.clientID == clientID else {
            throw TokenError(.invalidGrant, "the code was issued to another client")
        }
        guard form["redirect_uri"] == grant.redirectURI else {
            throw TokenError(.invalidGrant, "redirect_uri differs from the authorization request")
        }
        let verifier = form["code_verifier"]
        switch (grant.codeChallenge, verifier) {
        case (nil, nil):
            return
        case (nil, .some):
            // RFC 9700 §2.1.1: a verifier without a challenge is a downgrade attempt.
            throw TokenError(.invalidGrant, "code_verifier without a code_challenge in the authorization request")
        case (.some, nil):
            throw TokenError(.invalidGrant, "code_verifier is missing")
        case let (.some(challenge), .some(verifier)):
            guard PKCE.verify(verifier: verifier, challenge: challenge) else {
                throw TokenError(.invalidGrant, "code_verifier does not match the code_challenge")
            }
        }
    }
}
