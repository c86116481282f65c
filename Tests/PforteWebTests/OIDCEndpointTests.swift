import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The OIDC endpoints as routes: refusals in the shape each spec asks for. The flows themselves
/// run against a real relying party in Tests/interop (test_oidc_flows.py).
@Suite struct OIDCEndpointTests {
    private static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    private func json(_ body: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(String(buffer: body).utf8)) as? [String: Any])
    }

    @Test func discoveryListsEveryEndpoint() async throws {
        try await withTestApplication(configure: { $0.server.publicURL = URL(string: "https://login.example.de/") }) { client in
            try await client.execute(uri: "/.well-known/openid-configuration", method: .get) { response in
                let metadata = try json(response.body)
                for (member, path) in [("authorization_endpoint", "/authorize"), ("userinfo_endpoint", "/userinfo"),
                                       ("revocation_endpoint", "/revoke"), ("introspection_endpoint", "/introspect"),
                                       ("pushed_authorization_request_endpoint", "/par"), ("end_session_endpoint", "/logout")] {
                    #expect(metadata[member] as? String == "https://login.example.de" + path)
                }
                #expect(metadata["grant_types_supported"] as? [String] == ["authorization_code", "refresh_token", "client_credentials"])
                #expect(metadata["code_challenge_methods_supported"] as? [String] == ["S256"])
                #expect(metadata["request_parameter_supported"] as? Bool == false)
                #expect(metadata["require_pushed_authorization_requests"] as? Bool == false)
            }
        }
    }

    @Test func machineEndpointsRefuseAnUnknownClientWith401() async throws {
        try await withTestApplication { client in
            for path in ["/token", "/revoke", "/introspect", "/par"] {
                try await client.execute(uri: path, method: .post, headers: Self.form,
                                         body: ByteBuffer(string: "grant_type=client_credentials&client_id=nobody&client_secret=x")) { response in
                    #expect(response.status == .unauthorized, "\(path)")
                    let answer = try json(response.body)
                    #expect(answer["error"] as? String == "invalid_client", "\(path)")
                    #expect(response.headers[.cacheControl] == "no-store")
                }
            }
        }
    }

    @Test func anAuthorizationRequestForAnUnknownClientGetsAPageNotARedirect() async throws {
        try await withTestApplication { client in
            let query = "response_type=code&client_id=nobody&redirect_uri=https%3A%2F%2Fattacker.example%2F&scope=openid"
            try await client.execute(uri: "/authorize?\(query)", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.location] == nil)
                #expect(String(buffer: response.body).contains(#"data-page="authorization-error""#))
            }
        }
    }

    @Test func aPostedAuthorizationRequestIsParkedAndContinuedByGet() async throws {
        try await withTestApplication(configure: { config in
            let clients = URL(fileURLWithPath: config.paths.clients)
            try? FileManager.default.createDirectory(at: clients, withIntermediateDirectories: true)
            try? """
                client_id: app
                client_name: App
                client_type: public
                redirect_uris: [https://app.example/cb]
                """.write(to: clients.appendingPathComponent("app.yaml"), atomically: true, encoding: .utf8)
        }) { client in
            let request = "response_type=code&client_id=app&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&scope=openid&state=s"
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&ui_locales=en"
            let location = try await client.execute(uri: "/authorize", method: .post, headers: Self.form,
                                                    body: ByteBuffer(string: request)) { response in
                #expect(response.status == .seeOther)
                return try #require(response.headers[.location])
            }
            #expect(location.hasPrefix("/authorize/continue?handle=") && location.hasSuffix("&lang=en"))
            // In the GET, without a session: the login page, as for a GET request.
            try await client.execute(uri: location, method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location]?.hasPrefix("/login?continue=") == true)
            }
            // prompt=none by POST is answered at the client after the GET, not before it.
            let silent = try await client.execute(uri: "/authorize", method: .post, headers: Self.form,
                                                  body: ByteBuffer(string: request + "&prompt=none")) { response in
                try #require(response.headers[.location])
            }
            try await client.execute(uri: silent, method: .get) { response in
                #expect(response.headers[.location]?.hasPrefix("https://app.example/cb?error=login_required") == true)
            }
            // A request that cannot be answered to its client gets the page, without parking.
            try await client.execute(uri: "/authorize", method: .post, headers: Self.form,
                                     body: ByteBuffer(string: "response_type=code&client_id=app&redirect_uri=https%3A%2F%2Fevil.example%2F")) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.location] == nil)
            }
        }
    }

    @Test func userinfoWithoutAValidTokenIs401() async throws {
        try await withTestApplication { client in
            try await client.execute(uri: "/userinfo", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="pforte""#)
            }
            try await client.execute(uri: "/userinfo", method: .get, headers: [.authorization: "Bearer e30.e30.e30"]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="pforte", error="invalid_token""#)
            }
        }
    }

    @Test func logoutWithAForgedHintGetsAPage() async throws {
        try await withTestApplication { client in
            try await client.execute(uri: "/logout?id_token_hint=eyJhbGciOiJub25lIn0.e30.&post_logout_redirect_uri=https%3A%2F%2Fattacker.example%2F",
                                     method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.location] == nil)
                #expect(String(buffer: response.body).contains(#"data-page="logout-error""#))
            }
        }
    }
}
