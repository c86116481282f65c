import Foundation
import PforteCore
@testable import PforteSAML
import Testing

@Suite struct AuthnRequestTests {
    let validator = AuthnRequestValidator(identityProvider: Fixtures.identityProvider, policy: Fixtures.policy)

    func validate(redirect query: String, now: Date = Date()) throws -> ValidatedAuthnRequest {
        let message = try RedirectBinding.decode(rawQuery: query, expecting: .request, limit: 64 * 1024)
        return try validator.validate(message, serviceProviders: Fixtures.lookup, now: now)
    }

    func validate(post base64: String) throws -> ValidatedAuthnRequest {
        let message = try PostBinding.decode(fields: ["SAMLRequest": base64], expecting: .request, limit: 64 * 1024)
        return try validator.validate(message, serviceProviders: Fixtures.lookup, now: Date())
    }

    func refusal(_ body: () throws -> ValidatedAuthnRequest) -> SAMLRequestError.Code? {
        do {
            _ = try body()
            return nil
        } catch let error as SAMLRequestError {
            return error.code
        } catch {
            return nil
        }
    }

    @Test func signedRedirectRequestIsAccepted() throws {
        let request = try validate(redirect: Fixtures.redirectQuery(Fixtures.authnRequest(id: "_r1")))
        #expect(request.id == "_r1")
        #expect(request.assertionConsumerService == Fixtures.acs)
        #expect(request.relayState == "state")
        #expect(request.nameIDFormat == .persistent)
        #expect(request.refusal == nil)
    }

    @Test func signedPostRequestIsAccepted() throws {
        let request = try validate(post: Fixtures.signedPost(Fixtures.authnRequest(id: "_p1", acs: nil)))
        #expect(request.id == "_p1")
        #expect(request.assertionConsumerService == Fixtures.acs)
    }

    @Test func unsignedRequestIsRefusedWhenSignaturesAreRequired() {
        #expect(refusal { try validate(redirect: Fixtures.redirectQuery(Fixtures.authnRequest(), key: nil)) } == .signatureMissing)
        let unsigned = Data(Fixtures.authnRequest().utf8).base64EncodedString()
        #expect(refusal { try validate(post: unsigned) } == .signatureMissing)
    }

    @Test func tamperedQuerySignatureIsRefused() {
        let query = Fixtures.redirectQuery(Fixtures.authnRequest())
        let tampered = query.replacingOccurrences(of: "RelayState=state", with: "RelayState=other")
        #expect(refusal { try validate(redirect: tampered) } == .signatureInvalid)
    }

    @Test func signatureByAnotherKeyIsRefused() {
        #expect(refusal { try validate(redirect: Fixtures.redirectQuery(Fixtures.authnRequest(), key: Fixtures.attacker)) } == .signatureInvalid)
        #expect(refusal { try validate(post: Fixtures.signedPost(Fixtures.authnRequest(), key: Fixtures.attacker)) } == .signatureInvalid)
    }

    @Test func changedContentAfterSigningIsRefused() throws {
        let signed = String(decoding: Data(base64Encoded: Fixtures.signedPost(Fixtures.authnRequest()))!, as: UTF8.self)
        let changed = signed.replacingOccurrences(of: Fixtures.acs, with: "https://sp.example/other")
        #expect(refusal { try validate(post: Data(changed.utf8).base64EncodedString()) } == .signatureInvalid)
    }

    @Test func wrappedSignedRequestIsRefused() throws {
        // XSW: the signed original moved into an unsigned outer request with the attacker's ACS.
        let signed = String(decoding: Data(base64Encoded: Fixtures.signedPost(Fixtures.authnRequest(id: "_orig")))!, as: UTF8.self)
        let inner = signed.replacingOccurrences(of: "<?xml version=\"1.0\"?>", with: "")
            .replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", with: "")
        let outer = Fixtures.authnRequest(id: "_evil", acs: "https://evil.example/acs", inner: "<saml:Advice>\(inner)</saml:Advice>")
        let code = refusal { try validate(post: Data(outer.utf8).base64EncodedString()) }
        #expect(code == .signatureMissing || code == .signatureInvalid || code == .unknownEndpoint)
        #expect(code != nil)
    }

    @Test func unknownIssuerIsRefused() {
        #expect(refusal { try validate(redirect: Fixtures.redirectQuery(Fixtures.authnRequest(issuer: "https://unknown.example"))) } == .unknownIssuer)
    }

    @Test func acsOutsideMetadataIsRefused() {
        #expect(refusal { try validate(redirect: Fixtures.redirectQuery(Fixtures.authnRequest(acs: "https://evil.example/acs"))) } == .unknownEndpoint)
        let index = Fixtures.authnRequest(acs: nil, attributes: " AssertionConsumerServiceIndex=\"7\"")
        #expect(refusal { try validate(redirect: Fixtures.redirectQuery(index)) } == .unknownEndpoint)
    }

    @Test func staleOrFutureRequestIsRefused() {
        let old = Fixtures.authnRequest(instant: Date().addingTimeInterval(-1000))
        #expect(refusal { try validate(redirect: Fixtures.redirectQuery(old)) } == .stale)
        let future = Fixtures.authnRequest(instant: Date().addingTimeInterval(600))
        #expect(refusal { try validate(redirect: Fixtures.redirectQuery(future)) } == .stale)
    }

    @Test func wrongDestinationIsRefused() {
        let request = Fixtures.authnRequest(destination: "https://other-idp.example/sso")
        #expect(refusal { try validate(redirect: Fixtures.redirectQuery(request)) } == .wrongDestination)
        // A signed message must name where it was sent.
        let undirected = Fixtures.authnRequest(destination: nil)
        #expect(refusal { try validate(redirect: Fixtures.redirectQuery(undirected)) } == .wrongDestination)
        #expect(refusal { try validate(post: Fixtures.signedPost(undirected)) } == .wrongDestination)
    }

    @Test func doctypeIsRefusedBeforeParsing() {
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>"
            + Fixtures.authnRequest(issuer: "&lol2;")
        #expect(refusal { try validate(redirect: Fixtures.redirectQuery(bomb)) } == .doctypeRefused)
    }

    @Test func oversizeMessageIsRefused() {
        let big = Fixtures.authnRequest(inner: "<!--" + String(repeating: "x", count: 200_000) + "-->")
        #expect(refusal { try validate(redirect: Fixtures.redirectQuery(big)) } == .tooLarge)
        #expect(refusal { try validate(post: Data(big.utf8).base64EncodedString()) } == .tooLarge)
    }

    @Test func wrongVersionAndGarbageAreRefused() {
        let v1 = Fixtures.authnRequest().replacingOccurrences(of: "Version=\"2.0\"", with: "Version=\"1.1\"")
        #expect(refusal { try validate(redirect: Fixtures.redirectQuery(v1)) } == .unsupportedVersion)
        #expect(refusal { try validate(redirect: "SAMLRequest=not-deflate") } == .malformed)
        #expect(refusal { try validate(redirect: "RelayState=x") } == .malformed)
    }

    @Test func commentInsideSignedIssuerReadsAsWholeValue() throws {
        // Signed value `https://sp.example/metadata` written with a comment in it: C14N drops the
        // comment, so the signature holds, and the value read must be the whole string.
        let xml = Fixtures.authnRequest().replacingOccurrences(
            of: "<saml:Issuer>https://sp.example/metadata</saml:Issuer>",
            with: "<saml:Issuer>https://sp.example<!-- x -->/metadata</saml:Issuer>"
        )
        let request = try validate(post: Fixtures.signedPost(xml))
        #expect(request.serviceProvider == Fixtures.spEntityID)
    }

    @Test func unsupportedRequirementsAreAnsweredWithAStatus() throws {
        let email = Fixtures.authnRequest(inner: "<samlp:NameIDPolicy Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\"/>")
        #expect(try validate(redirect: Fixtures.redirectQuery(email)).refusal == .invalidNameIDPolicy)
        let transient = Fixtures.authnRequest(inner: "<samlp:NameIDPolicy Format=\"\(NameIDFormat.transient.rawValue)\"/>")
        #expect(try validate(redirect: Fixtures.redirectQuery(transient)).nameIDFormat == .transient)
        let unknownContext = Fixtures.authnRequest(inner: """
            <samlp:RequestedAuthnContext><saml:AuthnContextClassRef>urn:example:otp</saml:AuthnContextClassRef></samlp:RequestedAuthnContext>
            """)
        #expect(try validate(redirect: Fixtures.redirectQuery(unknownContext)).refusal == .noAuthnContext)
    }

    @Test func requestedLevelsDecideTheAssertedLevel() throws {
        let high = AuthnContextRequirement(comparison: .minimum, requested: [.init(level: "hoch", identifier: TrustLevel.hoch.eidasURI)])
        #expect(AuthnContextRequirement.assertion(for: high, minimum: .normal, session: .normal) == nil)
        #expect(AuthnContextRequirement.assertion(for: high, minimum: .normal, session: .hoch)?.level == .hoch)
        let exactLow = AuthnContextRequirement(comparison: .exact, requested: [.init(level: "normal", identifier: "STORK-QAA-Level-1")])
        let asserted = AuthnContextRequirement.assertion(for: exactLow, minimum: .normal, session: .hoch)
        #expect(asserted?.level == .normal)
        #expect(asserted?.classRef == "STORK-QAA-Level-1")
        #expect(AuthnContextRequirement.assertion(for: nil, minimum: .substantiell, session: .normal) == nil)
        #expect(AuthnContextRequirement.assertion(for: nil, minimum: .normal, session: .normal)?.classRef == TrustLevel.normal.eidasURI)
        let better = AuthnContextRequirement(comparison: .better, requested: [.init(level: "normal", identifier: TrustLevel.normal.eidasURI)])
        #expect(AuthnContextRequirement.acceptableLevels(better, minimum: .normal) == [.substantiell, .hoch])
        let maximum = AuthnContextRequirement(comparison: .maximum, requested: [.init(level: "substantiell", identifier: "x")])
        #expect(AuthnContextRequirement.acceptableLevels(maximum, minimum: .normal) == [.normal, .substantiell])
    }
}
