import Foundation
import PforteCore
import Testing

@testable import PforteWeb

/// Every code the account flows can report has a text in both languages, and every catalogue
/// key the page code names exists: a missing one would show the raw key to a citizen.
@Suite struct PageTextTests {
    private static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/PforteWeb")

    private static func catalogs() throws -> [MessageCatalog] {
        try UILanguage.allCases.map { try MessageCatalog.load($0, from: sources.appendingPathComponent("Resources/Locales")) }
    }

    @Test func everyErrorCodeHasAText() throws {
        for catalog in try Self.catalogs() {
            var texts = TextFieldError.allCases.map { catalog.text(for: .text($0)) }
            texts += EmailAddressError.allCases.map { catalog.text(for: .email($0)) }
            texts += PasswordRule.allCases.map { catalog.text(for: .password($0)) }
            texts += PartialDateError.allCases.map { catalog.text(for: $0) }
            texts.append(catalog.text(for: .doesNotMatch))
            for text in texts {
                #expect(!text.hasPrefix("error."), "\(catalog.language): no text for \(text)")
            }
        }
    }

    @Test func everyKeyNamedInThePageCodeExists() throws {
        let literal = try NSRegularExpression(pattern: #""([a-z][A-Za-z]*(?:\.[A-Za-z]+)+)""#)
        var named: Set<String> = []
        for directory in ["Accounts", "Pages", "SAML", "Organisations"] {
            let files = try FileManager.default.contentsOfDirectory(
                at: Self.sources.appendingPathComponent(directory), includingPropertiesForKeys: nil
            )
            for file in files where file.pathExtension == "swift" {
                let text = try String(contentsOf: file, encoding: .utf8)
                for match in literal.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    named.insert(String(text[Range(match.range(at: 1), in: text)!]))
                }
            }
        }
        #expect(named.count > 50, "the scan found too few keys: \(named.count)")
        for catalog in try Self.catalogs() {
            // `paths.…` are configuration keys (named in configuration errors), not texts.
            for key in named.sorted() where !key.hasPrefix("error.text.") && !key.hasPrefix("paths.") {
                #expect(catalog.flat[key] != nil, "\(catalog.language): no text for \(key)")
            }
        }
    }

    @Test func thePlaceholdersAreFilled() throws {
        for catalog in try Self.catalogs() {
            #expect(catalog.throttled(retryAfter: 0.2).contains(" 1 "))
            #expect(catalog.throttled(retryAfter: 8.01).contains(" 9 "))
            #expect(!catalog.format("login.expired.idle", ["minutes": "20"]).contains("{"))
        }
    }

    @Test func theLanguageSwitchKeepsTheQuery() {
        #expect(PageRenderer.languageLink(path: "/password-reset", query: "token=abc", language: .en) == "/password-reset?token=abc&lang=en")
        #expect(PageRenderer.languageLink(path: "/login", query: "lang=de&expired=idleTimeout", language: .en) == "/login?expired=idleTimeout&lang=en")
        #expect(PageRenderer.languageLink(path: "/", query: nil, language: .de) == "/?lang=de")
    }

    @Test func theOriginOfThePublicURL() {
        #expect(PforteApplication.origin(of: URL(string: "https://konto.example.de/")!) == "https://konto.example.de")
        #expect(PforteApplication.origin(of: URL(string: "https://konto.example.de:443")!) == "https://konto.example.de")
        #expect(PforteApplication.origin(of: URL(string: "http://127.0.0.1:8080")!) == "http://127.0.0.1:8080")
    }
}

/// Which `X-Forwarded-For` entry is the client when proxies are trusted.
@Suite struct ClientAddressTests {
    @Test func theEntryAddedByTheOutermostTrustedProxyCounts() {
        #expect(ClientAddressMiddleware.clientAddress(forwardedFor: ["198.51.100.7"], hops: 1) == "198.51.100.7")
        // The client forged the first entry; the proxy appended the real one.
        #expect(ClientAddressMiddleware.clientAddress(forwardedFor: ["203.0.113.1, 198.51.100.7"], hops: 1) == "198.51.100.7")
        #expect(ClientAddressMiddleware.clientAddress(forwardedFor: ["203.0.113.1, 198.51.100.7", "10.0.0.2"], hops: 2) == "198.51.100.7")
    }

    @Test func tooFewEntriesKeepThePeerAddress() {
        #expect(ClientAddressMiddleware.clientAddress(forwardedFor: [], hops: 1) == nil)
        #expect(ClientAddressMiddleware.clientAddress(forwardedFor: ["198.51.100.7"], hops: 2) == nil)
        #expect(ClientAddressMiddleware.clientAddress(forwardedFor: [" , "], hops: 1) == nil)
    }
}
