public import Foundation

/// How a client identified itself at the token endpoint (OIDC Core §9, RFC 6749 §2.3.1).
public struct ClientCredentials: Sendable, Equatable {
    public let clientID: String
    public let secret: String?
    public let method: TokenEndpointAuthMethod

    /// Reads `client_secret_basic` from the `Authorization` header, or `client_secret_post` /
    /// `none` from the form. Two methods in one request are refused (RFC 6749 §2.3).
    public init(authorizationHeader: String?, form: [String: String]) throws(TokenError) {
        if let header = authorizationHeader {
            guard form["client_secret"] == nil else {
                throw TokenError(.invalidRequest, "use one client authentication method, not two")
            }
            guard header.lowercased().hasPrefix("basic "),
                  let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
                  let pair = String(data: decoded, encoding: .utf8),
                  let colon = pair.firstIndex(of: ":"),
                  // RFC 6749 §2.3.1: both halves are form-urlencoded before they are joined.
                  let clientID = Self.formDecode(pair[..<colon]),
                  let secret = Self.formDecode(pair[pair.index(after: colon)...])
            else { throw TokenError(.invalidClient, "malformed Basic authorization") }
            if let formClientID = form["client_id"], formClientID != clientID {
                throw TokenError(.invalidRequest, "client_id differs from the authenticated client")
            }
            self.init(clientID: clientID, secret: secret, method: .clientSecretBasic)
            return
        }
        guard let clientID = form["client_id"], !clientID.isEmpty else {
            throw TokenError(.invalidClient, "no client authentication")
        }
        if let secret = form["client_secret"] {
            self.init(clientID: clientID, secret: secret, method: .clientSecretPost)
        } else {
            self.init(clientID: clientID, secret: nil, method: .none)
        }
    }

    private init(clientID: String, secret: String?, method: TokenEndpointAuthMethod) {
        self.clientID = clientID
        self.secret = secret
        self.method = method
    }

    /// Whether these credentials authenticate `client`: the method it registered, and for the
    /// secret methods its secret. An unknown client fails the same way as a wrong secret.
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
}
