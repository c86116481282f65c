import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// POST /csp-report takes both report formats browsers send, up to exactly 64 KiB (moved from
/// the interop suite: a rule of the route, no real peer needed).
@Suite struct CSPReportFormatTests {
    static let limit = 64 * 1024

    /// The Reporting API's format (W3C Reporting API §3.2: `application/reports+json`, a list).
    @Test func theReportingAPIFormatIsAccepted() async throws {
        let reports = #"""
        [{"type":"csp-violation","age":12,"url":"https://portal.example/login","user_agent":"Mozilla/5.0",
          "body":{"documentURL":"https://portal.example/login","effectiveDirective":"script-src-elem",
                  "originalPolicy":"default-src 'self'; report-to csp","blockedURL":"inline",
                  "disposition":"enforce","statusCode":200}}]
        """#
        try await withTestApplication { client in
            try await client.execute(
                uri: "/csp-report", method: .post, headers: [.contentType: "application/reports+json"],
                body: ByteBuffer(string: reports)
            ) { #expect($0.status == .noContent) }
        }
    }

    @Test func aReportOfExactly64KiBIsAcceptedAndOneByteMoreIsNot() async throws {
        try await withTestApplication { client in
            for (size, status) in [(Self.limit, HTTPResponse.Status.noContent), (Self.limit + 1, .contentTooLarge)] {
                try await client.execute(
                    uri: "/csp-report", method: .post, headers: [.contentType: "application/csp-report"],
                    body: ByteBuffer(string: Self.report(size: size))
                ) { #expect($0.status == status, "\(size) bytes") }
            }
        }
    }

    /// A classic `application/csp-report` body, its script sample padded to `size` bytes.
    static func report(size: Int) -> String {
        func encoded(_ sample: String) -> String {
            #"{"csp-report":{"document-uri":"https://portal.example/login","violated-directive":"script-src-elem","#
                + #""blocked-uri":"inline","disposition":"enforce","script-sample":""# + sample + #""}}"#
        }
        return encoded(String(repeating: "x", count: size - encoded("").utf8.count))
    }
}
