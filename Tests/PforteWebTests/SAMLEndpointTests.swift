import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import PforteSAML
import Testing

@testable import PforteWeb

/// The SAML endpoints as SPs and browsers reach them; the full flows run against pysaml2 in
/// Tests/interop/test_saml_idp.py.
@Suite struct SAMLEndpointTests {
    @Test func theMetadataIsServedSigned() async throws {
        try await withTestApplication(configure: { $0.server.publicURL = URL(string: "https://login.example.de") }) { client in
            try await client.execute(uri: "/saml/metadata", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/samlmetadata+xml")
                let text = String(buffer: response.body)
                #expect(text.contains("entityID=\"https://login.example.de/saml/metadata\""))
                #expect(text.contains("<ds:Signature"))
            }
        }
    }

    /// Issue #15 item 9: both SAML roles say which algorithms they require, so an SP (or a
    /// Land) signs with RSA-SHA256 instead of falling back to SHA-1, which stays refused.
    @Test func bothRolesDeclareTheirAlgorithmsAndNoSHA1() async throws {
        try await withTestApplication { client in
            for path in ["/saml/metadata", "/federation/metadata"] {
                let text = try await client.execute(uri: path, method: .get) { String(buffer: $0.body) }
                #expect(text.contains(#"<alg:SigningMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256""#), "\(path)")
                #expect(text.contains(#"<alg:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256""#), "\(path)")
                #expect(text.contains("<md:EncryptionMethod Algorithm="), "\(path)")
                #expect(!text.contains("rsa-sha1") && !text.contains("xmldsig#sha1"), "\(path)")
            }
        }
    }

    @Test func aGarbledRequestGetsAGermanErrorPageAndNoRedirect() async throws {
        try await withTestApplication { client in
            try await client.execute(uri: "/saml/sso?SAMLRequest=bm90LWRlZmxhdGU%3D", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.location] == nil)
                let text = String(buffer: response.body)
                #expect(text.contains("data-page=\"saml-error\""))
                #expect(text.contains("lang=\"de\""))
            }
            try await client.execute(uri: "/saml/continue?handle=unknown", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.location] == nil)
            }
        }
    }

    /// A refused logout message is a failed logout, not a failed login; without a session
    /// cookie nothing of this browser's can be ended, and the page says so.
    @Test func aRefusedLogoutRequestGetsALogoutPage() async throws {
        try await withTestApplication { client in
            for (query, heading) in [("", "Abmeldung: Nachricht des Online-Dienstes abgelehnt"),
                                     ("&lang=en", "Logout: the online service&#39;s message was refused")] {
                try await client.execute(uri: "/saml/slo?SAMLRequest=bm90LWRlZmxhdGU%3D\(query)", method: .get) { response in
                    #expect(response.status == .badRequest)
                    #expect(response.headers[.location] == nil)
                    #expect(response.headers[.setCookie] == nil || !response.headers[.setCookie]!.contains("Max-Age=0"))
                    let text = String(buffer: response.body)
                    #expect(text.contains("data-page=\"saml-error\""))
                    #expect(text.contains(heading), "\(text)")
                    #expect(!text.contains("Anmeldung nicht möglich"))
                }
            }
        }
    }

    @Test func everyRefusalHasATextInBothLanguages() throws {
        let locales = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/PforteWeb/Resources/Locales")
        for language in UILanguage.allCases {
            let catalog = try MessageCatalog.load(language, from: locales)
            for code in SAMLRequestError.Code.allCases {
                #expect(catalog.flat["saml.error.\(code.rawValue)"] != nil, "\(language): saml.error.\(code.rawValue)")
            }
            for attribute in AttributeProfile.all {
                #expect(catalog.flat["saml.attribute.\(attribute.friendlyName)"] != nil, "\(language): \(attribute.friendlyName)")
            }
        }
    }

    @Test func theSelfPostingPageAllowsItsScriptByHashAndPostsOnlyToTheACSOrigin() {
        let digest = Data(SHA256.hash(data: Data(SAMLPostFormPage.script.utf8))).base64EncodedString()
        #expect(SAMLPostFormPage.scriptHash == "sha256-" + digest)
        #expect(SAMLPostFormPage.origin(of: "https://sp.example:8443/acs?x=1") == "https://sp.example:8443")
        #expect(SAMLPostFormPage.origin(of: "https://sp.example/acs") == "https://sp.example")
    }

    @Test func importedFilesAreNamedAfterTheEntityID() {
        #expect(SAMLMetadataFiles.fileName(for: "https://portal.example.de/saml/metadata") == "portal.example.de-saml-metadata")
        #expect(SAMLMetadataFiles.fileName(for: "urn:example:sp") == "example-sp")
    }
}
