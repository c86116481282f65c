import Foundation
import Hummingbird
import PforteOIDC
import PforteStore

/// Client authentication for the token, revocation, introspection and PAR endpoints
/// (OIDC Core §9): the method the client registered, with its secret (compared as a digest in
/// constant time) or its signed assertion, whose `jti` is accepted once on any node.
struct ClientAuthenticator: Sendable {
    static let assertionNamespace = "oidc.client-assertion"

    let clients: ClientCatalog
    let usedAssertions: any OneTimeIdentifierStore
    let keyFetcher: ClientKeyFetcher
    let issuer: String
    let now: @Sendable () -> Date

    /// - Parameters:
    ///   - endpoint: the URL of the endpoint called, which an assertion's `aud` may name.
    ///   - allowPublic: whether a public client (method `none`, identified only by its
    ///     `client_id`) may call; only the token and PAR endpoints, where PKCE stands in.
    func authenticate(_ request: Request, form: [String: String], endpoint: String, allowPublic: Bool) async throws -> ClientRegistration {
        let credentials = try ClientCredentials(authorizationHeader: request.headers[.authorization], form: form)
        let registered = try await clients.find(clientID: credentials.clientID)
        try credentials.authenticate(registered?.registration, secretDigest: registered?.secretDigest)
        guard let client = registered?.registration else { throw TokenError(.invalidClient, "client authentication failed") }
        if client.tokenEndpointAuthMethod == .none && !allowPublic {
            throw TokenError(.invalidClient, "public clients cannot use this endpoint")
        }
        if let assertion = credentials.assertion {
            let keys: ClientKeySet
            if let inline = client.jwks {
                keys = inline
            } else if let uri = client.jwksURI {
                keys = try await keyFetcher.keys(at: uri)
            } else {
                throw TokenError(.invalidClient, "the client has no keys")
            }
            let now = now()
            let verified = try await ClientAssertion.verify(
                assertion, clientID: client.clientID, keys: keys, audiences: [endpoint, issuer], now: now
            )
            // RFC 7523 §3 item 7: an assertion is used once.
            guard try await usedAssertions.consume(
                "\(client.clientID) \(verified.jti)", namespace: Self.assertionNamespace, expiresAt: verified.expiresAt, now: now
            ) else { throw TokenError(.invalidClient, "the client assertion was used before") }
        }
        return client
    }
}
