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

    /// A signing key and its certificate, signing Redirect messages as Pforte's own IdP does
    /// (``RedirectBinding/encode(_:as:to:relayState:key:)``).
    struct SigningKey: Sendable {
        let key: IdentityProviderKey
        let certificatePEM: String

        init(commonName: String) throws {
            let rsa = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            certificatePEM = try SelfSignedCertificate.make(for: rsa, commonName: commonName, now: Date(timeIntervalSinceNow: -3600))
            key = try IdentityProviderKey(SAMLKeyMaterial(privateKeyPEM: rsa.pkcs8PEMRepresentation, certificatePEM: certificatePEM))
        }
    }

    /// The portal's key, one for all tests of the process (RSA key generation is slow in a
    /// debug build), and a key its metadata does not name, for forged messages.
    static let key = try! SigningKey(commonName: "portal.example.de")
    static let strangerKey = try! SigningKey(commonName: "stranger.example")

    /// Writes the portal's metadata and settings into the configuration's metadata directory.
    static func install(metadataDirectory: String) {
        let directory = URL(fileURLWithPath: metadataDirectory).appendingPathComponent("sp")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? """
        <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="\(entityID)">
        <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
        <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(IdentityProvider.base64DER(pem: key.certificatePEM))\
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
        return "/saml/sso?SAMLRequest=" + RedirectBinding.formEncoded(RawDeflate.compress(Data(xml.utf8)).base64EncodedString())
    }

    /// What a Response on a self-posting page says of the login.
    struct Answer: Equatable {
        var status: String
        var nameID: String?
        var sessionIndex: String?
    }

    static func answer(in page: TestBrowser.Page) throws -> Answer {
        #expect(page.body.matches(of: /<form/).count == 1, "the hand-off page has its own form only, not the account menu's logout")
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
            encryptionKey = try TrustedCertificate(base64DER: certificate).xmlKey
        }
    }

    /// The portal's signed LogoutRequest by HTTP-Redirect, as Shibboleth SP 3 sends it by
    /// default: the NameID encrypted for Pforte (AES-256-CBC, RSA-OAEP), `aslo:Asynchronous`
    /// when `asynchronous`.
    static func encryptedLogoutRequest(to idp: IdentityProviderView, nameID: String, sessionIndex: String, asynchronous: Bool,
                                       at instant: Date, signedBy signer: SigningKey = key) throws -> String {
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
        return try RedirectBinding.encode(
            Data(document.xmlString.utf8), as: .request, to: "/saml/slo", relayState: "portal-state", key: signer.key
        )
    }

    /// A LogoutRequest of Pforte's that the browser was sent to the portal with.
    struct ReceivedLogoutRequest {
        let id: String
        let relayState: String?
    }

    static func logoutRequest(at location: String) throws -> ReceivedLogoutRequest {
        #expect(location.hasPrefix(singleLogout + "?"))
        let message = try RedirectBinding.request(at: location)
        #expect(message.root.name == XMLName(namespace: SAMLNamespace.protocol, localName: "LogoutRequest"))
        return ReceivedLogoutRequest(id: try #require(message.root.attribute("ID")), relayState: message.relayState)
    }

    /// The portal's signed LogoutResponse (Success) to `request`, by HTTP-Redirect.
    static func logoutResponse(to request: ReceivedLogoutRequest, idp: IdentityProviderView, at instant: Date) throws -> String {
        let xml = """
            <samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" \
            ID="_\(UUID().uuidString)" Version="2.0" IssueInstant="\(SAMLTime.format(instant))" Destination="\(idp.singleLogoutURL)" \
            InResponseTo="\(request.id)"><saml:Issuer>\(entityID)</saml:Issuer>\
            <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>
            """
        return try RedirectBinding.encode(Data(xml.utf8), as: .response, to: "/saml/slo", relayState: request.relayState, key: key.key)
    }

    /// Follows the browser's redirects within Pforte until a page or the portal's ACS; a
    /// LogoutRequest of Pforte's on the way (the round of a logout) the portal answers.
    static func follow(_ browser: TestBrowser, at instant: Date, _ page: TestBrowser.Page) async throws -> TestBrowser.Page {
        var page = page
        for _ in 0..<10 {
            guard let location = page.location else { return page }
            if location.hasPrefix(singleLogout + "?SAMLRequest=") {
                let idp = try IdentityProviderView(metadata: try await browser.get("/saml/metadata").body)
                page = try await browser.get(try logoutResponse(to: try logoutRequest(at: location), idp: idp, at: instant))
            } else if location.hasPrefix("https://portal.example.de") {
                return page
            } else {
                page = try await browser.get(location)
            }
        }
        return page
    }
}

extension RedirectBinding {
    /// The SAML request a redirect to `location` carries, as Pforte decodes one it receives.
    static func request(at location: String) throws -> ReceivedMessage {
        try decode(rawQuery: String(try #require(location.split(separator: "?", maxSplits: 1).last)), expecting: .request, limit: 1 << 16)
    }
}
