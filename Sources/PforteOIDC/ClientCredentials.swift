public import Foundation

/// How a client identified itself at the token, revocation, introspection or PAR endpoint
/// (OIDC Core §9, RFC 6749 §2.3.1, RFC 7523 §2.2).
public struct ClientCredentials: Sendable, Equatable {
    public let clientID: String
    public let method: TokenEndpointAuthMethod
    /// The secret of `client_secret_basic` and `client_secret_post`.
    public let secret: String?
    /// The signed JWT of `private_key_jwt`.
    public let assertion: String?

    /// Reads `client_secret_basic` from the `Authorization` header, or `client_secret_post`,
    /// `private_key_jwt` or `none` from the form. Two methods in one request are refused
    /// (RFC 6749 §2.3).
    public init(authorizationHeader: String?, form: [String: String]) throws(TokenError) {
        let assertionType = form["client_assertion_type"]
        let methodsUsed = [authorizationHeader != nil, form["client_secret"] != nil, assertionType != nil].filter { $0 }.count
        guard methodsUsed <= 1 else { throw TokenError(.invalidRequest, "use one client authentication method, not two") }
        if let header = authorizationHeader {
            guard header.lowercased().hasPrefix("basic "),
                  let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
                  let pair = String(data: decoded, encoding: .utf8),
                  let colon = pair.firstIndex(of: ":"),
                  // RFC 6749 §2.3.1: both halves are form-urlencoded before they are joined.
                  let clientID = Self.formDecode(pair[..<colon]),
                  let secret = Self.formDecode(pair[pair.index(after: colon)...])
            else { throw TokenError(.invalidClient, "malformed Basic authorization") }
            try self.init(clientID: clientID, formClientID: form["client_id"], method: .clientSecretBasic, secret: secret, assertion: nil)
        } else if let assertionType {
            guard assertionType == ClientAssertion.type, let assertion = form["client_assertion"] else {
                throw TokenError(.invalidClient, "client_assertion_type must be \(ClientAssertion.type), with a client_assertion")
            }
            // RFC 7523 §3: the client is the assertion's `sub`; it is verified with that
            // client's keys next, so reading it unverified only chooses the keys.
            guard let clientID = form["client_id"] ?? Self.unverifiedSubject(of: assertion) else {
                throw TokenError(.invalidClient, "the client assertion names no client")
            }
            try self.init(clientID: clientID, formClientID: nil, method: .privateKeyJWT, secret: nil, assertion: assertion)
        } else {
            guard let clientID = form["client_id"], !clientID.isEmpty else {
                throw TokenError(.invalidClient, "no client authentication")
            }
            let secret = form["client_secret"]
            try self.init(clientID: clientID, formClientID: nil, method: secret == nil ? .none : .clientSecretPost,
                          secret: secret, assertion: nil)
        }
    }

    private init(clientID: String, formClientID: String?, method: TokenEndpointAuthMethod, secret: String?,
                 assertion: String?) throws(TokenError) {
        if let formClientID, formClientID != clientID {
            throw TokenError(.invalidRequest, "client_id differs from the authenticated client")
        }
        self.clientID = clientID
        self.method = method
        self.secret = secret
        self.assertion = assertion
    }

    /// Checks everything but a `private_key_jwt` signature (which needs the client's keys, maybe
    /// fetched, see ``ClientAssertion``): the method the client registered, and for the secret
    /// methods its secret. An unknown client fails the same way as a wrong secret.
    public func authenticate(_ client: ClientRegistration?, secretDigest: Data?) throws(TokenError) {
        guard let client else { throw TokenError(.invalidClient, "client authentication failed") }
        guard method == client.tokenEndpointAuthMethod else {
            throw TokenError(.invalidClient, "the client is registered for \(client.tokenEndpointAuthMethod.rawValue)")
        }
        if method.usesSecret {
            guard let secret, let secretDigest, ClientSecret.verify(secret, against: secretDigest) else {
                throw TokenError(.invalidClient, "client authentication failed")
            }
        }
    }

    private static func formDecode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    private static func unverifiedSubject(of assertion: String) -> String? {
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let json = Data(base64URLEncoded: String(parts[1])),
              let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any]
        else { return nil }
        return object["sub"] as? String
    }
}
