import Foundation
@testable import PforteFederation
@testable import PforteSAML

/// The Land's `Response` at Pforte's federation ACS (HTTP-POST): `ResponseValidator` with
/// the Land's metadata and the request Pforte sent. The Land is ``SAMLFixtures/identityProvider``
/// (another Pforte installation answers as a Land in the tests too); Pforte's SP key decrypts.
enum FederationTarget {
    static let serviceProvider = try! FederationServiceProvider(publicURL: URL(string: "https://pforte.example")!, keys: FuzzKeys.pforte.saml)
    static let land = try! LandMetadata.parse(SAMLFixtures.identityProvider.metadata(now: fuzzNow), now: fuzzNow)[0]
    static let expected = ExpectedResponse(landEntityID: land.entityID, requestID: "_request-1")
    static let validator = ResponseValidator(serviceProvider: serviceProvider, policy: ResponsePolicy(maximumAge: 300, clockSkew: 60))

    static let response = FuzzTarget(name: "saml-response", run: { data in
        let fields = ["SAMLResponse": data.base64EncodedString(), "RelayState": "state"]
        if let message = try? PostBinding.decode(fields: fields, expecting: .response, limit: SAMLTargets.limit) {
            _ = try? validator.validate(message, land: land, expected: expected, now: fuzzNow)
        }
    }, seeds: {
        var ourSP = try ServiceProviderMetadata.parse(try serviceProvider.metadata(now: fuzzNow), now: fuzzNow)
        let request = ValidatedAuthnRequest(
            id: expected.requestID, serviceProvider: serviceProvider.entityID,
            assertionConsumerService: serviceProvider.assertionConsumerServiceURL, relayState: "state", forceAuthn: false,
            isPassive: false, nameIDFormat: .persistent, authnContext: nil, replayWindowEnd: fuzzNow.addingTimeInterval(600), refusal: nil
        )
        let authentication = AssertedAuthentication(
            nameID: "person-1", nameIDFormat: .persistent, classRef: "STORK-QAA-Level-4", authnInstant: fuzzNow,
            sessionIndex: "_session", sessionNotOnOrAfter: fuzzNow.addingTimeInterval(3600),
            attributes: [(AttributeProfile.definition(named: "givenName")!, "Max"), (AttributeProfile.definition(named: "sn")!, "Mustermann")]
        )
        var seeds: [String: Data] = [:]
        for encrypted in [true, false] {
            ourSP.settings.encryptAssertions = encrypted
            let form = try SAMLFixtures.identityProvider.response(
                to: request, for: ourSP, status: .success, authentication: authentication, policy: SAMLFixtures.policy, now: fuzzNow
            )
            seeds[encrypted ? "response-encrypted" : "response"] = Data(base64Encoded: form.message)
        }
        let refusal = try SAMLFixtures.identityProvider.response(
            to: request, for: ourSP, status: .noPassive, authentication: nil, policy: SAMLFixtures.policy, now: fuzzNow
        )
        seeds["response-no-passive"] = Data(base64Encoded: refusal.message)
        return seeds
    })
}
