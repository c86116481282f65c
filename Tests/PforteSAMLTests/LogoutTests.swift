import Foundation
@testable import PforteSAML
import PforteXML
import Testing

@Suite struct LogoutTests {
    let validator = LogoutValidator(identityProvider: Fixtures.identityProvider, policy: Fixtures.policy)

    func logoutRequest(id: String = "_lr", instant: Date = Date()) -> String {
        """
        <samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" \
        ID="\(id)" Version="2.0" IssueInstant="\(SAMLTime.format(instant))" Destination="https://idp.example/saml/slo">\
        <saml:Issuer>\(Fixtures.spEntityID)</saml:Issuer><saml:NameID>nid</saml:NameID>\
        <samlp:SessionIndex>_s1</samlp:SessionIndex></samlp:LogoutRequest>
        """
    }

    @Test func signedLogoutRequestIsAccepted() throws {
        let message = try RedirectBinding.decode(rawQuery: Fixtures.redirectQuery(logoutRequest()), expecting: .request, limit: 65536)
        let request = try validator.validateRequest(message, serviceProviders: Fixtures.lookup, now: Date())
        #expect(request.nameID == "nid")
        #expect(request.sessionIndexes == ["_s1"])
        #expect(request.binding == .redirect)
    }

    @Test func unsignedLogoutRequestIsRefused() throws {
        let message = try RedirectBinding.decode(rawQuery: Fixtures.redirectQuery(logoutRequest(), key: nil), expecting: .request, limit: 65536)
        #expect(throws: SAMLRequestError(.signatureMissing, "logout messages must be signed")) {
            try validator.validateRequest(message, serviceProviders: Fixtures.lookup, now: Date())
        }
    }

    @Test func logoutRoundAcceptsOnlyTheAwaitedResponse() throws {
        let participant = LogoutRun.Participant(serviceProvider: "https://b.example", nameID: "n", nameIDFormat: .persistent, sessionIndex: "_x")
        var run = LogoutRun(origin: nil, participants: [participant])
        let taken = run.next()
        let next = try #require(taken)
        run.sent(id: "_sent", to: next)
        let wrong = ValidatedLogoutResponse(inResponseTo: "_other", serviceProvider: "https://b.example", status: .success, relayState: nil)
        #expect(throws: SAMLRequestError.self) { try run.accept(wrong) }
        try run.accept(ValidatedLogoutResponse(inResponseTo: "_sent", serviceProvider: "https://b.example",
                                               status: .partialLogout, relayState: nil))
        #expect(run.status == .partialLogout)
        #expect(run.next() == nil)
    }

    @Test func outgoingLogoutRequestIsSignedForRedirect() throws {
        let result = try #require(try Fixtures.identityProvider.logoutRequest(
            to: Fixtures.serviceProvider, nameID: "nid", nameIDFormat: .persistent, sessionIndex: "_s", relayState: "h", now: Date()
        ))
        guard case .redirect(let url) = result.message else {
            Issue.record("expected a redirect")
            return
        }
        #expect(url.hasPrefix("https://sp.example/slo?SAMLRequest="))
        #expect(url.contains("&SigAlg=") && url.contains("&Signature=") && url.contains("RelayState=h"))
    }
}
