import AsyncHTTPClient
import Foundation
import NIOCore
import PforteOIDC

/// Fetches the key set of a `private_key_jwt` client that registered a `jwks_uri`
/// (RFC 7591 §2), at each authentication: the client may rotate its keys at any time, and a
/// client authentication is rare enough (once per token request) that a cache would only add
/// staleness. Bounded in time and size, since the URL is the client's.
struct ClientKeyFetcher: Sendable {
    static let timeout: TimeAmount = .seconds(5)
    static let maximumSize = 64 * 1024

    let http: HTTPClient

    func keys(at uri: String) async throws(TokenError) -> ClientKeySet {
        do {
            let response = try await http.execute(HTTPClientRequest(url: uri), timeout: Self.timeout)
            guard response.status == .ok else { throw TokenError(.invalidClient, "the client's jwks_uri answered \(response.status.code)") }
            let body = try await response.body.collect(upTo: Self.maximumSize)
            return try JSONDecoder().decode(ClientKeySet.self, from: Data(buffer: body))
        } catch let error as TokenError {
            throw error
        } catch {
            throw TokenError(.invalidClient, "the client's keys could not be fetched from its jwks_uri")
        }
    }
}
