import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import PforteWeb

/// Paths with empty segments (issue #18): the router would serve `//login` as `/login`, and the
/// page's own links would then start with `//` — another host to the browser.
@Suite struct PathNormalisationTests {
    @Test(arguments: WebTestBackend.all)
    func aPathWithEmptySegmentsIsRedirectedToTheCollapsedPathWithItsQuery(_ backend: WebTestBackend) async throws {
        try await withTestApplication(backend: backend) { client in
            for (target, expected) in [
                ("//login", "/login"), ("//login?lang=en", "/login?lang=en"), ("/account//x?a=1&b=2", "/account/x?a=1&b=2"),
                ("///evil.example/login", "/evil.example/login"), ("/login//", "/login/"),
            ] {
                for method in [HTTPRequest.Method.get, .head] {
                    try await client.execute(uri: target, method: method) { response in
                        #expect(response.status == .permanentRedirect, "\(method) \(target)")
                        #expect(response.headers[.location] == expected, "\(method) \(target)")
                    }
                }
            }
        }
    }

    @Test(arguments: WebTestBackend.all)
    func aPostToAPathWithEmptySegmentsFindsNothing(_ backend: WebTestBackend) async throws {
        try await withTestApplication(backend: backend) { client in
            try await client.execute(uri: "//login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "email=a%40example.de")) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test(arguments: WebTestBackend.all)
    func thePlainPathStillServesItsPageWithLocalLanguageLinks(_ backend: WebTestBackend) async throws {
        try await withTestApplication(backend: backend) { client in
            try await client.execute(uri: "/login?lang=en", method: .get) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains("href=\"/login?lang=de\""))
                #expect(!body.contains("href=\"//"))
            }
        }
    }

    /// The links a page builds from its own address, whatever reaches the renderer.
    @Test(arguments: [
        ("//login", "/login"), ("/\\evil.example", "/evil.example"), ("/\\/evil.example/x", "/evil.example/x"),
        ("", "/"), ("/", "/"), ("/account/profile", "/account/profile"), ("login", "/login"),
    ])
    func linksToTheCurrentPageNeverLeaveTheSite(_ path: String, _ expected: String) {
        #expect(LocalPath.normalised(path) == expected)
        let link = PageRenderer.languageLink(path: LocalPath.normalised(path), query: "lang=de", language: .en)
        #expect(link == expected + "?lang=en")
    }
}
