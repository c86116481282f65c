import Foundation
@testable import PforteFederation
@testable import PforteSAML
import Testing

/// A Land's LogoutRequest at our `/federation/slo` (issue #15 item 6).
@Suite struct LandLogoutRequestTests {
    static let endpoint = "https://pforte.example/federation/slo"

    /// A LogoutRequest by HTTP-Redirect as `idp` (the Land, or an impostor with its entityID)
    /// signs it for our SP role, decoded as it arrives.
    static func received(from idp: IdentityProvider = Fixtures.landIdP, now: Date = Date()) throws -> ReceivedMessage {
        let sent = try #require(try idp.logoutRequest(
            to: Fixtures.ourSP(), nameID: "land-user", nameIDFormat: .persistent, sessionIndex: "_s1", relayState: "rs", now: now
        ))
        guard case .redirect(let url) = sent.message else { throw SAMLRequestError(.malformed, "not a redirect") }
        #expect(url.hasPrefix(endpoint + "?"))
        return try RedirectBinding.decode(rawQuery: String(url.split(separator: "?", maxSplits: 1)[1]), expecting: .request, limit: 65536)
    }

    private func validate(_ message: ReceivedMessage, now: Date = Date(), endpoint: String = endpoint) throws -> ValidatedLandLogoutRequest {
        let land = Fixtures.land()
        return try LandLogoutRequest.validate(
            message, lands: { $0 == land.entityID ? land : nil }, endpoint: endpoint, policy: Fixtures.samlPolicy, now: now
        )
    }

    private func refusal(_ message: ReceivedMessage, now: Date = Date(), endpoint: String = endpoint) -> FederationError.Code? {
        #expect(throws: FederationError.self) { try validate(message, now: now, endpoint: endpoint) }?.code
    }

    @Test func aSignedRequestOfTheLandIsAccepted() throws {
        let request = try validate(try Self.received())
        #expect(request.landEntityID == Fixtures.landIdP.entityID)
        #expect(request.nameID == "land-user")
        #expect(request.sessionIndexes == ["_s1"])
        #expect(request.relayState == "rs")
    }

    @Test func aRequestSignedWithAnotherKeyIsRefused() throws {
        #expect(refusal(try Self.received(from: Fixtures.impostorIdP)) == .signatureInvalid)
    }

    @Test func anUnknownIssuerIsRefused() throws {
        let message = try Self.received()
        #expect(throws: FederationError(.wrongIssuer, Fixtures.landIdP.entityID)) {
            try LandLogoutRequest.validate(message, lands: { _ in nil }, endpoint: Self.endpoint, policy: Fixtures.samlPolicy, now: Date())
        }
    }

    @Test func anOldRequestIsRefused() throws {
        #expect(refusal(try Self.received(now: Date().addingTimeInterval(-3600))) == .expired)
    }

    @Test func aRequestForAnotherEndpointIsRefused() throws {
        #expect(refusal(try Self.received(), endpoint: "https://other.example/federation/slo") == .wrongDestination)
    }

    @Test func anUnsignedRequestIsRefused() throws {
        let signed = try Self.received()
        let unsigned = try RedirectBinding.decode(
            rawQuery: "SAMLRequest=" + RedirectBinding.formEncoded(RawDeflate.compress(signed.document.serialized()).base64EncodedString()),
            expecting: .request, limit: 65536
        )
        #expect(refusal(unsigned) == .signatureMissing)
    }

    @Test func ourLogoutResponseGoesToTheLandSigned() throws {
        let request = try validate(try Self.received())
        let url = try #require(try Fixtures.serviceProvider.logoutResponse(to: Fixtures.land(), answering: request, now: Date()))
        #expect(url.hasPrefix("https://land.example/saml/slo?SAMLResponse="))
        #expect(url.contains("RelayState=rs") && url.contains("&SigAlg=") && url.contains("&Signature="))
        let message = try RedirectBinding.decode(rawQuery: String(url.split(separator: "?", maxSplits: 1)[1]), expecting: .response, limit: 65536)
        #expect(message.root.attribute("InResponseTo") == request.id)
        #expect(try message.verifySignature(trusting: [TrustedCertificate(base64DER: Fixtures.serviceProvider.certificate)]))
    }
}
