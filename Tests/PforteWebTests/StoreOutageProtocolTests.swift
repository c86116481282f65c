import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PforteConfiguration
import PforteStore
import PforteWeb
import Prometheus
import Testing

/// A protocol request whose client or SP is verified is answered to that client during a store
/// outage (RFC 6749 §4.1.2.1 `temporarily_unavailable`, SAML status `Responder`), not with the
/// 503 page, which would leave the client waiting; one that cannot be verified keeps the page.
@Suite struct StoreOutageProtocolTests {
    private static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
    private static let spEntityID = "https://sp.example.de/saml/metadata"

    /// An application on a store closed after start (every later lease fails, as in an outage),
    /// with a client from a file and an SP from a file, both kept in memory.
    private static func withOutage(_ test: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let logger = Logger(label: "pforte.web.tests")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-outage-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = PforteConfig()
        config.server.publicURL = URL(string: "https://login.example.de")
        config.paths.data = directory.appendingPathComponent("data").path
        config.paths.keys = directory.appendingPathComponent("keys").path
        config.paths.clients = directory.appendingPathComponent("clients").path
        config.paths.metadata = directory.appendingPathComponent("metadata").path
        let clients = URL(fileURLWithPath: config.paths.clients)
        try FileManager.default.createDirectory(at: clients, withIntermediateDirectories: true)
        try """
            client_id: portal
            client_name: Portal
            client_type: public
            redirect_uris: [https://portal.example.de/cb]
            """.write(to: clients.appendingPathComponent("portal.yaml"), atomically: true, encoding: .utf8)
        let providers = URL(fileURLWithPath: config.paths.metadata).appendingPathComponent("sp")
        try FileManager.default.createDirectory(at: providers, withIntermediateDirectories: true)
        try """
            <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="\(spEntityID)">
            <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
            <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sp.example.de/acs" index="0" isDefault="true"/>
            </md:SPSSODescriptor></md:EntityDescriptor>
            """.write(to: providers.appendingPathComponent("sp.xml"), atomically: true, encoding: .utf8)
        try "require_signed_requests: false\nencrypt_assertions: false\n"
            .write(to: providers.appendingPathComponent("sp.yaml"), atomically: true, encoding: .utf8)

        let store = try SQLStore.open(StoreConfiguration(config), logger: logger)
        let application = try await PforteApplication.build(configuration: config, store: store, metrics: PrometheusCollectorRegistry(), logger: logger)
        try await store.close()
        try await application.test(.router, test)
    }

    @Test func aVerifiedAuthorizationRequestIsAnsweredAtItsRedirectURI() async throws {
        try await Self.withOutage { client in
            let request = "response_type=code&client_id=portal&redirect_uri=https%3A%2F%2Fportal.example.de%2Fcb&scope=openid&state=s1"
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
            try await client.execute(uri: "/authorize?\(request)", method: .get) { response in
                #expect(response.status == .seeOther)
                let location = try #require(response.headers[.location])
                #expect(location.hasPrefix("https://portal.example.de/cb?error=temporarily_unavailable"))
                #expect(location.contains("state=s1"))
                #expect(location.contains("iss=https%3A%2F%2Flogin.example.de"))
            }
            // By POST: parking needs the store, so the same answer.
            try await client.execute(uri: "/authorize", method: .post, headers: Self.form, body: ByteBuffer(string: request)) { response in
                #expect(response.headers[.location]?.hasPrefix("https://portal.example.de/cb?error=temporarily_unavailable") == true)
            }
            // A store client cannot be verified now: the 503 page, no redirect.
            let unknown = "response_type=code&client_id=stored&redirect_uri=https%3A%2F%2Fportal.example.de%2Fcb&scope=openid"
            try await client.execute(uri: "/authorize?\(unknown)", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.location] == nil)
            }
        }
    }

    @Test func aVerifiedAuthnRequestIsAnsweredAtItsACSWithResponder() async throws {
        try await Self.withOutage { client in
            let instant = ISO8601DateFormatter().string(from: Date())
            let authnRequest = """
                <samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" \
                ID="_r\(UUID().uuidString)" Version="2.0" IssueInstant="\(instant)" Destination="https://login.example.de/saml/sso" \
                AssertionConsumerServiceURL="https://sp.example.de/acs"><saml:Issuer>\(Self.spEntityID)</saml:Issuer></samlp:AuthnRequest>
                """
            let encoded = Data(authnRequest.utf8).base64EncodedString()
                .addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            try await client.execute(uri: "/saml/sso", method: .post, headers: Self.form,
                                     body: ByteBuffer(string: "SAMLRequest=\(encoded)&RelayState=r1")) { response in
                #expect(response.status == .ok)
                let page = String(buffer: response.body)
                #expect(page.contains(#"action="https://sp.example.de/acs""#))
                let field = try #require(page.range(of: #"id="SAMLResponse" value=""#))
                let value = page[field.upperBound...].prefix { $0 != "\"" }
                let xml = String(decoding: try #require(Data(base64Encoded: String(value))), as: UTF8.self)
                #expect(xml.contains(#"Value="urn:oasis:names:tc:SAML:2.0:status:Responder""#))
                #expect(xml.contains(#"InResponseTo="_r"#))
                #expect(xml.contains("SignatureValue"))
            }
        }
    }
}
