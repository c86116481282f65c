import Crypto
import Foundation
import PforteXML
import Testing
import _CryptoExtras

@testable import PforteCrypto
@testable import PforteSAML

/// A SAML portal as the router tests play it: its metadata file (signing certificate, ACS by
/// POST, SLO by Redirect) in the application's `metadata/sp/`, the AuthnRequests and signed
/// logout messages it sends, and the Responses and LogoutRequests it reads. Pforte's side of
/// each message is whatever `/saml/metadata` publishes, read from the router.
struct SAMLTestPortal: Sendable {
    static let entityID = "https://portal.example.de/sp"
    static let acs = "https://portal.example.de/acs"
    static let singleLogout = "https://portal.example.de/slo"

    /// One key for all tests of the process: RSA key generation is slow in a debug build.
    private static let key = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    private static let certificatePEM = try! SelfSignedCertificate.make(for: key, commonName: "portal.example.de", now: Date(timeIntervalSinceNow: -3600))

    /// Writes the portal's metadata and settings into the configuration's metadata directory.
    static func install(metadataDirectory: String) {
        let directory = URL(fileURLWithPath: metadataDirectory).appendingPathComponent("sp")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? """
        <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="\(entityID)">
        <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
        <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(IdentityProvider.base64DER(pem: certificatePEM))\
        </ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
        <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="\(singleLogout)"/>
        <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="\(acs)" index="0"/>
        </md:SPSSODescriptor></md:EntityDescriptor>
        """.write(to: directory.appendingPathComponent("portal.xml"), atomically: true, encoding: .utf8)
        try? "require_signed_requests: false\nencrypt_assertions: false\n"
            .write(to: directory.appendingPathComponent("portal.yaml"), atomically: true, encoding: .utf8)
    }

    /// An unsigned AuthnRequest by HTTP-Redirect, issued at the application's time.
    static func authnRequest(at instant: Date, forceAuthn: Bool = false) -> String {
        let xml = """
            <samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" \
            ID="_\(UUID().uuidString)" Version="2.0" IssueInstant="\(SAMLTime.format(instant))" ForceAuthn="\(forceAuthn)" \
            AssertionConsumerServiceURL="\(acs)"><saml:Issuer>\(entityID)</saml:Issuer></samlp:AuthnRequest>
            """
        return "/saml/sso?" + encoded(xml, parameter: "SAMLRequest")
    }

    /// What a Response on a self-posting page says of the login.
    struct Answer: Equatable {
        var status: String
        var nameID: String?
        var sessionIndex: String?
    }

    static func answer(in page: TestBrowser.Page) throws -> Answer {
        let encoded = try #require(page.body.firstMatch(of: /name="SAMLResponse" id="SAMLResponse" value="([^"]+)"/).map { String($0.1) })
        let xml = String(decoding: try #require(Data(base64Encoded: encoded)), as: UTF8.self)
        let codes = xml.matches(of: /StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:([A-Za-z]+)"/).map { String($0.1) }
        return Answer(
            status: codes.joined(separator: "/"),
            nameID: xml.firstMatch(of: /<saml:NameID[^>]*>([^<]+)<\/saml:NameID>/).map { String($0.1) },
            sessionIndex: xml.firstMatch(of: /SessionIndex="([^"]+)"/).map { String($0.1) }
        )
    }

    /// Pforte's IdP as its metadata describes it: where logout messages go, and the
    /// certificate an SP encrypts NameIDs for.
    struct IdentityProviderView: Sendable {
        let entityID: String
        let singleLogoutURL: String
        let encryptionKey: XMLVerificationKey

        init(metadata: String) throws {
            entityID = try #require(metadata.firstMatch(of: /entityID="([^"]+)"/).map { String($0.1) })
            singleLogoutURL = try #require(
                metadata.firstMatch(of: /SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="([^"]+)"/)
                    .map { String($0.1) }
            )
            let certificate = try #require(
                metadata.firstMatch(of: /use="encryption"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>([^<]+)</).map { String($0.1) }
            )
            let lines = stride(from: 0, to: certificate.count, by: 64).map { start in
                let from = certificate.index(certificate.startIndex, offsetBy: start)
                return String(certificate[from..<(certificate.index(from, offsetBy: 64, limitedBy: certificate.endIndex) ?? certificate.endIndex)])
            }
            encryptionKey = try XMLVerificationKey(
                certificatePEM: (["-----BEGIN CERTIFICATE-----"] + lines + ["-----END CERTIFICATE-----"]).joined(separator: "\n")
            )
        }
    }

    /// The portal's signed LogoutRequest by HTTP-Redirect, as Shibboleth SP 3 sends it by
    /// default: the NameID encrypted for Pforte (AES-256-CBC, RSA-OAEP), `aslo:Asynchronous`
    /// when `asynchronous`.
    static func encryptedLogoutRequest(to idp: IdentityProviderView, nameID: String, sessionIndex: String, asynchronous: Bool,
                                       at instant: Date, signedBy stranger: _RSA.Signing.PrivateKey? = nil) throws -> String {
        let extensions = asynchronous ? #"<samlp:Extensions><aslo:Asynchronous xmlns:aslo="urn:oasis:names:tc:SAML:2.0:protocol:ext:async-slo"/></samlp:Extensions>"# : ""
        let xml = """
            <samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" \
            ID="_\(UUID().uuidString)" Version="2.0" IssueInstant="\(SAMLTime.format(instant))" Destination="\(idp.singleLogoutURL)">\
            <saml:Issuer>\(entityID)</saml:Issuer>\(extensions)<saml:EncryptedID>\
            <saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">\(nameID)</saml:NameID></saml:EncryptedID>\
            <samlp:SessionIndex>\(sessionIndex)</samlp:SessionIndex></samlp:LogoutRequest>
            """
        let document = try XMLDocument(parsing: xml)
        let element = try #require(document.root.descendants(named: XMLName(namespace: SAMLNamespace.assertion, localName: "NameID")).first)
        try document.encrypt(element: element, for: idp.encryptionKey)
        return "/saml/slo?" + signed(encoded(document.xmlString, parameter: "SAMLRequest", relayState: "portal-state"), by: stranger ?? key)
    }

    /// A LogoutRequest of Pforte's that the browser was sent to the portal with.
    struct ReceivedLogoutRequest {
        let id: String
        let relayState: String?
    }

    static func logoutRequest(at location: String) throws -> ReceivedLogoutRequest {
        #expect(location.hasPrefix(singleLogout + "?"))
        let query = try #require(URLComponents(string: location)?.queryItems)
        let message = try #require(query.first { $0.name == "SAMLRequest" }?.value)
        let xml = String(decoding: try RawDeflate.decompress(try #require(Data(base64Encoded: message)), limit: 1 << 16), as: UTF8.self)
        #expect(xml.contains("<samlp:LogoutRequest") || xml.contains(":LogoutRequest"))
        return ReceivedLogoutRequest(id: try #require(xml.firstMatch(of: /ID="([^"]+)"/).map { String($0.1) }),
                                     relayState: query.first { $0.name == "RelayState" }?.value)
    }

    /// The portal's signed LogoutResponse (Success) to `request`, by HTTP-Redirect.
    static func logoutResponse(to request: ReceivedLogoutRequest, idp: IdentityProviderView, at instant: Date) -> String {
        let xml = """
            <samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" \
            ID="_\(UUID().uuidString)" Version="2.0" IssueInstant="\(SAMLTime.format(instant))" Destination="\(idp.singleLogoutURL)" \
            InResponseTo="\(request.id)"><saml:Issuer>\(entityID)</saml:Issuer>\
            <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>
            """
        return "/saml/slo?" + signed(encoded(xml, parameter: "SAMLResponse", relayState: request.relayState), by: key)
    }

    /// Follows the browser's redirects within Pforte until a page or the portal's ACS; a
    /// LogoutRequest of Pforte's on the way (the round of a logout) the portal answers.
    static func follow(_ browser: TestBrowser, at instant: Date, _ page: TestBrowser.Page) async throws -> TestBrowser.Page {
        var page = page
        for _ in 0..<10 {
            guard let location = page.location else { return page }
            if location.hasPrefix(singleLogout + "?SAMLRequest=") {
                let idp = try IdentityProviderView(metadata: try await browser.get("/saml/metadata").body)
                page = try await browser.get(logoutResponse(to: try logoutRequest(at: location), idp: idp, at: instant))
            } else if location.hasPrefix("https://portal.example.de") {
                return page
            } else {
                page = try await browser.get(location)
            }
        }
        return page
    }

    /// A key the portal's metadata does not name, for forged messages.
    static let strangerKey = try! _RSA.Signing.PrivateKey(keySize: .bits2048)

    private static func encoded(_ xml: String, parameter: String, relayState: String? = nil) -> String {
        var query = parameter + "=" + RedirectBinding.formEncoded(RawDeflate.compress(Data(xml.utf8)).base64EncodedString())
        if let relayState { query += "&RelayState=" + RedirectBinding.formEncoded(relayState) }
        return query
    }

    /// Signs a Redirect query the way SAML bindings §3.4.4.1 says: over the encoded parameters.
    private static func signed(_ query: String, by key: _RSA.Signing.PrivateKey) -> String {
        let query = query + "&SigAlg=" + RedirectBinding.formEncoded(SAMLURI.rsaSHA256)
        let signature = try! key.signature(for: SHA256.hash(data: Data(query.utf8)), padding: .insecurePKCS1v1_5)
        return query + "&Signature=" + RedirectBinding.formEncoded(signature.rawRepresentation.base64EncodedString())
    }
}
