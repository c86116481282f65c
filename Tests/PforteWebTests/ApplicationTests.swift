import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PforteConfiguration
import PforteStore
import PforteWeb
import Prometheus
import Testing

/// Route-level tests of the application as `pforte serve` builds it, on a temporary SQLite
/// store and key directory.
@Suite struct ApplicationTests {
    @Test func healthzQueriesTheStore() async throws {
        try await withTestApplication { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
                #expect(response.headers[.contentType] == "application/json")
            }
        }
    }

    @Test func everyResponseCarriesARequestID() async throws {
        try await withTestApplication { client in
            let generated = try await client.execute(uri: "/healthz", method: .get) { $0.headers[.init("X-Request-Id")!] }
            #expect(generated?.count == 32)
            let echoed = try await client.execute(uri: "/healthz", method: .get, headers: [.init("X-Request-Id")!: "proxy-4711.a_b"]) {
                $0.headers[.init("X-Request-Id")!]
            }
            #expect(echoed == "proxy-4711.a_b")
        }
    }

    /// A request id is written into log lines; one that could forge a log entry is replaced.
    @Test(arguments: ["bad id with spaces", "x\"}{\"level\":\"critical", String(repeating: "a", count: 129)])
    func aMalformedRequestIDIsReplaced(_ incoming: String) async throws {
        try await withTestApplication { client in
            let id = try await client.execute(uri: "/healthz", method: .get, headers: [.init("X-Request-Id")!: incoming]) {
                $0.headers[.init("X-Request-Id")!]
            }
            #expect(id != incoming)
            #expect(id?.count == 32)
        }
    }

    @Test func securityHeadersAreSetEvenOnErrors() async throws {
        try await withTestApplication { client in
            for uri in ["/healthz", "/no-such-route"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(response.headers[.init("Referrer-Policy")!] == "same-origin")
                    #expect(response.headers[.init("X-Request-Id")!] != nil)
                }
            }
        }
    }

    @Test func metricsRendersThePrometheusRegistry() async throws {
        let registry = PrometheusCollectorRegistry()
        registry.makeCounter(descriptor: MetricNameDescriptor(metricName: "pforte_test_marker", unitName: "total", helpText: "")).increment(by: Int64(3))
        try await withTestApplication(registry: registry) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                #expect(String(buffer: response.body).contains("pforte_test_marker_total 3"))
            }
        }
    }

    @Test func cspReportsAreAccepted() async throws {
        try await withTestApplication { client in
            let report = #"{"csp-report":{"document-uri":"https://konto.example/login","violated-directive":"script-src"}}"#
            try await client.execute(
                uri: "/csp-report", method: .post, headers: [.contentType: "application/csp-report"],
                body: ByteBuffer(string: report)
            ) { response in
                #expect(response.status == .noContent)
            }
        }
    }

    @Test func cspReportsRefuseOtherMediaTypesAndOversizeBodies() async throws {
        try await withTestApplication { client in
            try await client.execute(
                uri: "/csp-report", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "x")
            ) { #expect($0.status == .unsupportedMediaType) }
            try await client.execute(
                uri: "/csp-report", method: .post, headers: [.contentType: "application/csp-report"],
                body: ByteBuffer(repeating: UInt8(ascii: "x"), count: 64 * 1024 + 1)
            ) { #expect($0.status == .contentTooLarge) }
        }
    }
}

extension ApplicationTests {
    @Test func theStartPageIsGermanByDefault() async throws {
        try await withTestApplication { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.headers[.contentLanguage] == "de")
                let html = String(buffer: response.body)
                #expect(html.contains(#"<html lang="de">"#))
                #expect(html.contains("Willkommen beim Servicekonto"))
                #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                #expect(response.headers[.contentSecurityPolicy]?.contains("script-src") == false)
            }
        }
    }

    @Test func theBrowsersLanguageAndAnExplicitChoiceAreHonoured() async throws {
        try await withTestApplication { client in
            try await client.execute(uri: "/", method: .get, headers: [.acceptLanguage: "fr;q=1, en-GB;q=0.8, de;q=0.5"]) { response in
                #expect(response.headers[.contentLanguage] == "en")
                #expect(!response.headers[values: .setCookie].contains { $0.hasPrefix("pforte_lang") })
            }
            try await client.execute(uri: "/?lang=en", method: .get, headers: [.acceptLanguage: "de"]) { response in
                #expect(String(buffer: response.body).contains("Welcome to the Servicekonto"))
                let language = response.headers[values: .setCookie].first { $0.hasPrefix("pforte_lang=") }
                #expect(language?.hasPrefix("pforte_lang=en") == true)
                #expect(language?.contains("HttpOnly") == true)
            }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "pforte_lang=en", .acceptLanguage: "de"]) { response in
                #expect(response.headers[.contentLanguage] == "en")
            }
            try await client.execute(uri: "/?lang=xx", method: .get) { response in
                #expect(response.headers[.contentLanguage] == "de")
            }
        }
    }

    @Test func theStylesheetIsServed() async throws {
        try await withTestApplication { client in
            try await client.execute(uri: "/static/pforte.css", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
            }
        }
    }
}
