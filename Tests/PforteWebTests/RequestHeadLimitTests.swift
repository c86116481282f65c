import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import PforteWeb

/// The request-head limit of the HTTP server (issue #18: a 64 KiB Cookie header was accepted),
/// against the live server: the router test client never passes through the HTTP decoder.
@Suite struct RequestHeadLimitTests {
    private func withLiveServer(_ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await withTestApplication(.live, configure: { config in
            config.server.host = "127.0.0.1"
            config.server.port = 0
        }, test)
    }

    @Test func aHeadBeyondTheLimitIsAnswered431AndTheConnectionClosed() async throws {
        try await withLiveServer { client in
            let cookie = "pforte_lang=" + String(repeating: "a", count: 64 * 1024)
            try await client.execute(uri: "/login", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status.code == 431)
                #expect(response.headers[.connection] == "close")
            }
        }
    }

    @Test func manySmallFieldsTogetherBeyondTheLimitAreRefusedToo() async throws {
        try await withLiveServer { client in
            var headers = HTTPFields()
            for index in 0..<40 {
                headers[HTTPField.Name("X-Filler-\(index)")!] = String(repeating: "b", count: 512)
            }
            try await client.execute(uri: "/login", method: .get, headers: headers) { response in
                #expect(response.status.code == 431)
            }
        }
    }

    @Test func aHeadWithinTheLimitIsServed() async throws {
        try await withLiveServer { client in
            let cookie = "pforte_lang=en; other=" + String(repeating: "a", count: RequestHeadLimit.maximumBytes - 2048)
            try await client.execute(uri: "/login", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok)
            }
        }
    }
}
