import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import JWTKit
import Testing

/// OIDC portals as the router tests play them: the public client `portal` (PKCE, a
/// `post_logout_redirect_uri`) and, when asked, the confidential client `backend`, which
/// authenticates by `private_key_jwt` with an inline key because client files hold no secrets.
/// The browser side runs the authorization request through login and consent to the tokens.
struct OIDCTestPortal: Sendable {
    static let redirectURI = "https://portal.example.de/cb"
    static let postLogoutRedirectURI = "https://portal.example.de/bye"
    static let verifier = String(repeating: "v", count: 43)

    /// The signing key of `backend`: one per process, the client file names its public half.
    private static let backendKey = ES256PrivateKey()

    /// Writes the client files into the configuration's client directory.
    static func install(clientsDirectory: String, withBackend: Bool = false) {
        let clients = URL(fileURLWithPath: clientsDirectory)
        try? FileManager.default.createDirectory(at: clients, withIntermediateDirectories: true)
        try? """
        client_id: portal
        client_name: Portal
        client_type: public
        redirect_uris: ["\(redirectURI)"]
        post_logout_redirect_uris: ["\(postLogoutRedirectURI)"]
        scope: openid
        """.write(to: clients.appendingPathComponent("portal.yaml"), atomically: true, encoding: .utf8)
        guard withBackend, let parameters = backendKey.publicKey.parameters else { return }
        try? """
        client_id: backend
        client_name: Backend
        client_type: confidential
        token_endpoint_auth_method: private_key_jwt
        jwks: {"keys": [{"kty": "EC", "crv": "P-256", "kid": "b1", "x": "\(parameters.x)", "y": "\(parameters.y)"}]}
        redirect_uris: ["\(redirectURI)"]
        scope: openid
        """.write(to: clients.appendingPathComponent("backend.yaml"), atomically: true, encoding: .utf8)
    }

    static func authorize(_ extra: String = "", clientID: String = "portal") -> String {
        let challenge = Data(SHA256.hash(data: Data(verifier.utf8))).base64URLEncoded
        return "/authorize?response_type=code&client_id=\(clientID)&scope=openid&state=s&nonce=n&code_challenge=\(challenge)"
            + "&code_challenge_method=S256&redirect_uri=" + redirectURI.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            + extra
    }

    /// Runs an authorization request through login (when asked) and consent (when asked) to
    /// the token response.
    static func signIn(_ browser: TestBrowser, extra: String = "", clientID: String = "portal", as email: String,
                       password: String) async throws -> [String: Any] {
        var step = try await browser.get(authorize(extra, clientID: clientID))
        if let location = step.location, location.hasPrefix("/login?continue=") {
            step = try await logIn(browser, at: location, as: email, password: password)
            #expect(step.status == .seeOther)
            step = try await browser.get(try #require(step.location))
        }
        return try await finish(browser, step, clientID: clientID)
    }

    /// Posts the login form the authorization request sent the browser to.
    static func logIn(_ browser: TestBrowser, at location: String, as email: String, password: String) async throws -> TestBrowser.Page {
        let handle = String(try #require(location.split(separator: "=").last).prefix { $0 != "&" })
        let page = try await browser.get(location)
        return try await browser.post("/login", ["email": email, "password": password, "continue": handle], from: page)
    }

    /// From the step after login: consent when asked, then the code exchanged for the tokens.
    static func finish(_ browser: TestBrowser, _ step: TestBrowser.Page, clientID: String = "portal") async throws -> [String: Any] {
        var step = step
        if step.status == .ok, let handle = step.body.firstMatch(of: /name="handle" value="([^"]+)"/).map({ String($0.1) }) {
            step = try await browser.post("/authorize/consent", ["handle": handle, "decision": "allow"], from: step)
        }
        let redirect = try #require(step.location)
        #expect(redirect.hasPrefix(redirectURI))
        let code = try #require(URLComponents(string: redirect)?.queryItems?.first { $0.name == "code" }?.value)
        let (status, tokens) = try await tokenRequest(browser.client, clientID: clientID, [
            "grant_type": "authorization_code", "code": code, "code_verifier": verifier, "redirect_uri": redirectURI,
        ])
        #expect(status == .ok)
        return tokens
    }

    /// A token request of `clientID`: `portal` names itself, `backend` adds a fresh client
    /// assertion for the token endpoint.
    static func tokenRequest(_ client: any TestClientProtocol, clientID: String,
                             _ fields: [String: String]) async throws -> (HTTPResponse.Status, [String: Any]) {
        var fields = fields
        if clientID == "backend" {
            fields["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
            fields["client_assertion"] = try await clientAssertion(audience: try await issuer(client) + "/token")
        } else {
            fields["client_id"] = clientID
        }
        let body = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }.joined(separator: "&")
        return try await client.execute(
            uri: "/token", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: body)
        ) { response in
            let json = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
            return (response.status, json ?? [:])
        }
    }

    /// The claims of the ID token in a token response.
    static func claims(_ tokens: [String: Any]) throws -> [String: Any] {
        let idToken = try #require(tokens["id_token"] as? String)
        let payload = try #require(Data(base64URLEncoded: String(idToken.split(separator: ".")[1])))
        return try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
    }

    static func issuer(_ client: any TestClientProtocol) async throws -> String {
        try await client.execute(uri: "/.well-known/openid-configuration", method: .get) { response in
            let json = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
            return try #require(json?["issuer"] as? String)
        }
    }

    private struct AssertionClaims: JWTPayload {
        var iss = "backend"
        var sub = "backend"
        var aud: String
        var exp = Int(Date().timeIntervalSince1970) + 60
        var jti = UUID().uuidString
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    private static func clientAssertion(audience: String) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: backendKey, kid: "b1")
        return try await keys.sign(AssertionClaims(aud: audience), kid: "b1")
    }
}
