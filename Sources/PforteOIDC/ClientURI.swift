import Foundation

/// The rules every URI in a registration obeys (redirect, post-logout redirect, back-channel
/// logout, jwks_uri): absolute, with a host, https — or http on a loopback host, which RFC 8252
/// §7.3 allows for native apps and which developers need locally — and without a fragment
/// (RFC 6749 §3.1.2). URIs are kept as the exact strings given, because redirect URIs are later
/// compared by simple string comparison (OAuth 2.0 Security BCP, RFC 9700 §4.1.3).
enum ClientURI {
    /// - Returns: the URI's host, lower-cased.
    @discardableResult
    static func validate(_ text: String, field: String) throws(ClientRegistrationError) -> String {
        guard !text.contains("#") else {
            throw ClientRegistrationError(.fragment, field: field, "\(text) has a fragment")
        }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw ClientRegistrationError(.notAbsoluteURI, field: field, "\(text) is not an absolute URI with a host")
        }
        let normalisedHost = host.lowercased()
        guard scheme == "https" || (scheme == "http" && isLoopback(normalisedHost)) else {
            throw ClientRegistrationError(.insecureURI, field: field, "\(text) must use https (http only on a loopback host)")
        }
        return normalisedHost
    }

    /// `localhost` (RFC 6761 §6.3 reserves it for loopback), 127.0.0.0/8 and ::1.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
