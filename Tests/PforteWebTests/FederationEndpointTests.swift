import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import PforteWeb

/// The federation endpoints' refusals as browsers reach them; the flows with a Land run against
/// pysaml2 in Tests/interop/test_federation*.py.
@Suite struct FederationEndpointTests {
    @Test func anUnknownContinueHandleGetsAReadablePage() async throws {
        try await withTestApplication { client in
            for handle in ["unknown", String(repeating: "A", count: 43)] {
                try await client.execute(uri: "/federation/continue?handle=\(handle)", method: .get) { response in
                    #expect(response.status == .badRequest)
                    #expect(response.headers[.location] == nil)
                    #expect(String(buffer: response.body).contains("data-page=\"federation-error\""))
                }
            }
        }
    }

    /// A refused LogoutRequest at `/federation/slo` is a failed logout, by either binding.
    @Test func aGarbledLandLogoutRequestGetsALogoutPage() async throws {
        try await withTestApplication { client in
            try await client.execute(uri: "/federation/slo?SAMLRequest=bm90LWRlZmxhdGU%3D", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.location] == nil)
                let text = String(buffer: response.body)
                #expect(text.contains("data-page=\"federation-error\""))
                #expect(text.contains("Abmeldung"), "\(text)")
            }
            try await client.execute(
                uri: "/federation/slo", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "SAMLRequest=bm90LWJhc2U2NA%3D%3D")
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("Abmeldung"))
            }
        }
    }

    /// A junk POST to the ACS is refused before any login is looked up.
    @Test func aJunkACSPostIsRefused() async throws {
        try await withTestApplication { client in
            try await client.execute(
                uri: "/federation/acs", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "SAMLResponse=junk&RelayState=\(String(repeating: "A", count: 43))")
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.location] == nil)
            }
        }
    }
}
