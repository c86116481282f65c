import Foundation
@testable import PforteSAML
import PforteXML
import Testing

/// LogoutRequests as Shibboleth SP sends them by default: the NameID encrypted for the IdP's
/// published encryption key (`EncryptedID`), `aslo:Asynchronous` in `Extensions`.
@Suite struct EncryptedLogoutTests {
    let validator = LogoutValidator(identityProvider: Fixtures.identityProvider, policy: Fixtures.policy)

    /// The IdP's encryption certificate, as an SP reads it from the metadata.
    static let idpEncryptionKey = try! TrustedCertificate(base64DER: Fixtures.identityProvider.activeCertificate).xmlKey

    /// A LogoutRequest whose NameID is encrypted for `recipient`, with `extensions` inside
    /// `samlp:Extensions` if given; `edit` changes the serialised XML after encryption.
    static func encryptedLogoutRequest(
        recipient: XMLVerificationKey = idpEncryptionKey, extensions: String? = nil, alsoNameID: Bool = false,
        edit: (String) -> String = { $0 }
    ) throws -> String {
        let xml = """
        <samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" \
        ID="\(SAMLIdentifier.make())" Version="2.0" IssueInstant="\(SAMLTime.format(Date()))" Destination="https://idp.example/saml/slo">\
        <saml:Issuer>\(Fixtures.spEntityID)</saml:Issuer>\(extensions.map { "<samlp:Extensions>\($0)</samlp:Extensions>" } ?? "")\
        <saml:EncryptedID><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">nid</saml:NameID></saml:EncryptedID>\
        \(alsoNameID ? "<saml:NameID>other</saml:NameID>" : "")<samlp:SessionIndex>_s1</samlp:SessionIndex></samlp:LogoutRequest>
        """
        let document = try XMLDocument(parsing: xml)
        let nameID = try #require(document.root.descendants(named: XMLName(namespace: SAMLNamespace.assertion, localName: "NameID")).first)
        try document.encrypt(element: nameID, for: recipient)
        return edit(document.xmlString)
    }

    private func validate(redirect xml: String) throws -> ValidatedLogoutRequest {
        let message = try RedirectBinding.decode(rawQuery: Fixtures.redirectQuery(xml), expecting: .request, limit: 65536)
        return try validator.validateRequest(message, serviceProviders: Fixtures.lookup, now: Date())
    }

    private func refusal(redirect xml: String) -> SAMLRequestError.Code? {
        #expect(throws: SAMLRequestError.self) { try validate(redirect: xml) }?.code
    }

    @Test func theEncryptedNameIDIsDecryptedByRedirect() throws {
        let request = try validate(redirect: Self.encryptedLogoutRequest())
        #expect(request.nameID == "nid")
        #expect(request.sessionIndexes == ["_s1"])
        #expect(!request.asynchronous)
    }

    @Test func theEncryptedNameIDIsDecryptedByPost() throws {
        let message = try PostBinding.decode(
            fields: ["SAMLRequest": Fixtures.signedPost(Self.encryptedLogoutRequest())], expecting: .request, limit: 65536
        )
        #expect(try validator.validateRequest(message, serviceProviders: Fixtures.lookup, now: Date()).nameID == "nid")
    }

    @Test func rsaPKCS1v15KeyTransportIsRefused() throws {
        let xml = try Self.encryptedLogoutRequest(edit: {
            $0.replacingOccurrences(of: "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p", with: "http://www.w3.org/2001/04/xmlenc#rsa-1_5")
        })
        #expect(refusal(redirect: xml) == .encryptionRefused)
    }

    @Test func aNameIDEncryptedForAnotherKeyIsUndecryptable() throws {
        #expect(refusal(redirect: try Self.encryptedLogoutRequest(recipient: XMLVerificationKey(certificatePEM: Fixtures.sp.certificatePEM))) == .undecryptable)
    }

    @Test func aNameIDBesideTheEncryptedIDIsMalformed() throws {
        #expect(refusal(redirect: try Self.encryptedLogoutRequest(alsoNameID: true)) == .malformed)
    }

    @Test func anEncryptedIDWithoutEncryptedDataIsMalformed() throws {
        let xml = try Self.encryptedLogoutRequest(edit: {
            $0.replacing(/<saml:EncryptedID>[\s\S]*<\/saml:EncryptedID>/, with: "<saml:EncryptedID/>")
        })
        #expect(refusal(redirect: xml) == .malformed)
    }

    @Test func anEncryptedIDHoldingSomethingElseIsMalformed() throws {
        let document = try XMLDocument(parsing: try Self.encryptedLogoutRequest(edit: {
            $0.replacing(/<saml:EncryptedID>[\s\S]*<\/saml:EncryptedID>/, with: "<saml:EncryptedID><saml:Issuer>x</saml:Issuer></saml:EncryptedID>")
        }))
        let issuer = try #require(document.root.descendants(named: XMLName(namespace: SAMLNamespace.assertion, localName: "Issuer")).last)
        try document.encrypt(element: issuer, for: Self.idpEncryptionKey)
        #expect(refusal(redirect: document.xmlString) == .malformed)
    }

    /// SAML V2.0 Asynchronous Single Logout Protocol Extension: no LogoutResponse at all.
    @Test func anAsynchronousRequestGetsNoResponse() throws {
        let request = try validate(redirect: Self.encryptedLogoutRequest(
            extensions: "<aslo:Asynchronous xmlns:aslo=\"urn:oasis:names:tc:SAML:2.0:protocol:ext:async-slo\"/>"
        ))
        #expect(request.asynchronous)
        #expect(try Fixtures.identityProvider.logoutResponse(
            to: request, for: Fixtures.serviceProvider, status: .success, now: Date()
        ) == nil)
    }

    @Test func otherExtensionsDoNotMakeItAsynchronous() throws {
        let request = try validate(redirect: Self.encryptedLogoutRequest(extensions: "<x:Other xmlns:x=\"urn:example\"/>"))
        #expect(!request.asynchronous)
        #expect(try Fixtures.identityProvider.logoutResponse(
            to: request, for: Fixtures.serviceProvider, status: .success, now: Date()
        ) != nil)
    }
}

@Suite struct StoredLogoutRunTests {
    /// A round stored before `asynchronous` existed still decodes (as synchronous).
    @Test func anOlderStoredOriginDecodes() throws {
        let json = #"{"id":"_r","serviceProvider":"https://sp.example","nameID":"n","sessionIndexes":["_s"],"binding":"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"}"#
        let request = try JSONDecoder().decode(ValidatedLogoutRequest.self, from: Data(json.utf8))
        #expect(!request.asynchronous && request.relayState == nil)
        let again = try JSONDecoder().decode(ValidatedLogoutRequest.self, from: JSONEncoder().encode(request))
        #expect(again == request)
    }
}
