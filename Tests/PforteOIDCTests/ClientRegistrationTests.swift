import Foundation
import PforteCore
import Testing

@testable import PforteOIDC

@Suite struct ClientRegistrationTests {
    private func register(
        type: ClientType = .confidential,
        redirectURIs: [String] = ["https://portal.example.de/callback"],
        method: TokenEndpointAuthMethod? = nil,
        jwks: ClientKeySet? = nil,
        jwksURI: String? = nil,
        sectorIdentifierHost: String? = nil
    ) throws(ClientRegistrationError) -> ClientRegistration {
        try ClientRegistration(
            clientID: "portal", name: "Bürgerportal", type: type, redirectURIs: redirectURIs,
            tokenEndpointAuthMethod: method, jwks: jwks, jwksURI: jwksURI, sectorIdentifierHost: sectorIdentifierHost
        )
    }

    private func refusal(_ body: () throws(ClientRegistrationError) -> ClientRegistration) -> ClientRegistrationError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    @Test func defaultsFollowTheProfile() throws {
        let client = try register()
        #expect(client.tokenEndpointAuthMethod == .clientSecretBasic)
        #expect(client.scopes == [.openid])
        #expect(client.idTokenSignedResponseAlg == .es256)
        #expect(client.minimumTrustLevel == .normal)
        #expect(client.sector == "portal.example.de")
        #expect(try register(type: .public).tokenEndpointAuthMethod == TokenEndpointAuthMethod.none)
    }

    @Test(arguments: [
        "http://portal.example.de/callback",
        "http://127.example.de/callback",
        "ftp://portal.example.de/callback",
    ])
    func plainHTTPIsRefusedOutsideLoopback(_ uri: String) {
        let error = refusal { () throws(ClientRegistrationError) in try register(redirectURIs: [uri]) }
        #expect(error?.code == .insecureURI)
        #expect(error?.field == "redirect_uris")
    }

    @Test(arguments: ["http://localhost:3000/cb", "http://127.0.0.1/cb", "http://[::1]:8080/cb"])
    func plainHTTPIsAcceptedOnLoopback(_ uri: String) throws {
        #expect(try register(redirectURIs: [uri]).redirectURIs == [uri])
    }

    @Test(arguments: ["https://portal.example.de/callback#x", "https://portal.example.de/callback#"])
    func aFragmentIsRefused(_ uri: String) {
        #expect(refusal { () throws(ClientRegistrationError) in try register(redirectURIs: [uri]) }?.code == .fragment)
    }

    @Test(arguments: ["/callback", "portal.example.de/callback", "https:///callback"])
    func aRelativeURIIsRefused(_ uri: String) {
        #expect(refusal { () throws(ClientRegistrationError) in try register(redirectURIs: [uri]) }?.code == .notAbsoluteURI)
    }

    @Test func severalRedirectHostsNeedASectorIdentifier() throws {
        let uris = ["https://a.example.de/cb", "https://b.example.de/cb"]
        let error = refusal { () throws(ClientRegistrationError) in try register(redirectURIs: uris) }
        #expect(error?.code == .severalSectors)
        #expect(error?.field == "redirect_uris")
        #expect(try register(redirectURIs: uris, sectorIdentifierHost: "Example.DE").sector == "example.de")
        let bad = refusal { () throws(ClientRegistrationError) in try register(redirectURIs: uris, sectorIdentifierHost: "https://example.de") }
        #expect(bad?.code == .invalidHost)
    }

    @Test(arguments: [TokenEndpointAuthMethod.clientSecretBasic, .clientSecretPost, .privateKeyJWT])
    func aPublicClientCannotUseAuthentication(_ method: TokenEndpointAuthMethod) {
        let error = refusal { () throws(ClientRegistrationError) in try register(type: .public, method: method) }
        #expect(error?.code == .authMethodMismatch)
        #expect(error?.field == "token_endpoint_auth_method")
    }

    @Test func aConfidentialClientMustAuthenticate() {
        #expect(refusal { () throws(ClientRegistrationError) in try register(method: TokenEndpointAuthMethod.none) }?.code == .authMethodMismatch)
    }

    @Test func privateKeyJWTNeedsExactlyOneKeySource() throws {
        let keys = try JSONDecoder().decode(ClientKeySet.self, from: Data(#"{"keys":[{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}]}"#.utf8))
        #expect(try register(method: .privateKeyJWT, jwks: keys).jwks == keys)
        #expect(try register(method: .privateKeyJWT, jwksURI: "https://portal.example.de/jwks").jwksURI != nil)
        #expect(refusal { () throws(ClientRegistrationError) in try register(method: .privateKeyJWT) }?.code == .invalidKeys)
        #expect(refusal { () throws(ClientRegistrationError) in
            try register(method: .privateKeyJWT, jwks: keys, jwksURI: "https://portal.example.de/jwks")
        }?.code == .invalidKeys)
        #expect(refusal { () throws(ClientRegistrationError) in try register(jwks: keys) }?.field == "jwks")
    }

    @Test func aPrivateKeyInTheKeySetIsRefused() {
        let leaked = Data(#"{"keys":[{"kty":"EC","crv":"P-256","x":"AA","y":"AA","d":"AA"}]}"#.utf8)
        let error = #expect(throws: ClientRegistrationError.self) { try JSONDecoder().decode(ClientKeySet.self, from: leaked) }
        #expect(error?.code == .invalidKeys)
    }

    @Test func aClientIDOutsideTheUnreservedCharactersIsRefused() {
        let error = refusal { () throws(ClientRegistrationError) in
            try ClientRegistration(clientID: "portal:1", name: "P", redirectURIs: ["https://p.example/cb"])
        }
        #expect(error?.code == .invalidClientID)
        #expect(error?.field == "client_id")
    }

    @Test func lifetimesAreBounded() {
        let error = refusal { () throws(ClientRegistrationError) in
            try ClientRegistration(clientID: "p", name: "P", redirectURIs: ["https://p.example/cb"], accessTokenLifetime: 86_400)
        }
        #expect(error?.code == .outOfRange)
        #expect(error?.field == "access_token_lifetime_seconds")
    }

    @Test func theMetadataDocumentRoundTrips() throws {
        let client = try ClientRegistration(
            clientID: "portal", name: "Portal", redirectURIs: ["https://portal.example.de/cb"],
            postLogoutRedirectURIs: ["https://portal.example.de/bye"], scopes: [.email, .profile],
            minimumTrustLevel: .substantiell, idTokenSignedResponseAlg: .rs256,
            backchannelLogoutURI: "https://portal.example.de/logout"
        )
        #expect(client.scopes == [.openid, .profile, .email])
        #expect(try ClientRegistration(jsonDocument: client.jsonDocument()) == client)
    }

    @Test func aDocumentErrorNamesTheField() {
        func error(_ json: String) -> ClientRegistrationError? {
            do {
                _ = try ClientRegistration(jsonDocument: Data(json.utf8))
                return nil
            } catch {
                return error
            }
        }
        #expect(error(#"{"client_id":"p","client_name":"P"}"#) == ClientRegistrationError(.missing, field: "redirect_uris", "required"))
        #expect(error(#"{"client_id":"p","client_name":"P","redirect_uri":["https://p.example/cb"]}"#)?.field == "redirect_uri")
        #expect(error(#"{"client_id":"p","client_name":"P","redirect_uris":["https://p.example/cb"],"scope":"openid phone"}"#)?.field == "scope")
        #expect(error(#"{"client_id":"p","client_name":"P","redirect_uris":"https://p.example/cb"}"#)?.field == "redirect_uris")
    }
}
