import Foundation

/// Where and how an authorization response goes: the registered redirect URI the request named,
/// with the request's `state` and Pforte's `iss` (RFC 9207 §2) added to every response, success
/// or error, so a client can tell which provider answered (mix-up attacks).
public struct AuthorizationResponseTarget: Sendable, Equatable, Codable {
    public let redirectURI: String
    public let state: String?

    public init(redirectURI: String, state: String?) {
        self.redirectURI = redirectURI
        self.state = state
    }

    /// The `Location` of a successful response (RFC 6749 §4.1.2).
    public func location(code: String, issuer: String) -> String {
        location(["code": code], issuer: issuer)
    }

    /// The `Location` of an error response (RFC 6749 §4.1.2.1).
    public func location(error: OAuthError, issuer: String) -> String {
        location(["error": error.code.rawValue, "error_description": error.detail], issuer: issuer)
    }

    private func location(_ parameters: [String: String], issuer: String) -> String {
        var all = parameters
        all["iss"] = issuer
        if let state { all["state"] = state }
        return Self.appending(all, to: redirectURI)
    }

    /// Appends the parameters to `uri`'s query, keeping any query it already has
    /// (RFC 6749 §3.1.2), each percent-encoded as `application/x-www-form-urlencoded`.
    public static func appending(_ parameters: [String: String], to uri: String) -> String {
        guard !parameters.isEmpty else { return uri }
        let query = parameters.sorted { $0.key < $1.key }
            .map { "\($0.key)=\(encode($0.value))" }
            .joined(separator: "&")
        return uri + (uri.contains("?") ? "&" : "?") + query
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func encode(_ value: String) -> String {
        // Only unreserved characters pass, so encoding cannot fail.
        value.addingPercentEncoding(withAllowedCharacters: unreserved)!
    }
}
