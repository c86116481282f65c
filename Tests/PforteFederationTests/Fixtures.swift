import Crypto
import Foundation
import PforteCore
import PforteCrypto
@testable import PforteFederation
@testable import PforteSAML

/// Two Pforte installations from scratch key directories: one plays the Land (its SAML IdP
/// answers), the other is the SP under test. Keys are generated per run, never committed.
enum Fixtures {
    static func keys(_ name: String) -> PurposeKeys<SAMLKeyMaterial> {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-federation-\(name)-\(UUID().uuidString)")
        let keys = KeyDirectory(url: directory)
        _ = try! keys.ensureKeys(certificateSubject: "\(name).example")
        return try! keys.loadKeySet().saml
    }

    static let landIdP = try! IdentityProvider(publicURL: URL(string: "https://land.example")!, keys: keys("land"))
    static let impostorIdP = try! IdentityProvider(publicURL: URL(string: "https://land.example")!, keys: keys("impostor"))
    static let serviceProvider = try! FederationServiceProvider(publicURL: URL(string: "https://pforte.example")!, keys: keys("pforte"))
    static let policy = ResponsePolicy(maximumAge: 300, clockSkew: 60)
    static let samlPolicy = MessagePolicy(maximumAge: 300, clockSkew: 60, assertionLifetime: 300)

    static func land(settings: LandSettings = LandSettings()) -> Land {
        let lands = try! LandMetadata.parse(landIdP.metadata(now: Date()), settings: { _ in settings })
        return lands[0]
    }

    /// Our SP as the Land's IdP sees it: from our metadata, with the attributes the test needs.
    static func ourSP(encrypted: Bool = true) -> ServiceProvider {
        var provider = try! ServiceProviderMetadata.parse(serviceProvider.metadata(now: Date()))
        provider.settings.encryptAssertions = encrypted
        return provider
    }

    static let subjectKey = SymmetricKey(size: .bits256)
    static let requestID = "_request-1"
    static var expected: ExpectedResponse { ExpectedResponse(landEntityID: landIdP.entityID, requestID: requestID) }

    /// The Land's Response to our request `requestID`, as the POST form's XML.
    static func responseXML(
        idp: IdentityProvider = landIdP, status: SAMLStatus = .success, classRef: String = "STORK-QAA-Level-4",
        nameID: String = "person-1", attributes: [(AttributeDefinition, String)] = [
            (AttributeProfile.definition(named: "givenName")!, "Max"), (AttributeProfile.definition(named: "sn")!, "Mustermann"),
        ], encrypted: Bool = true, requestID: String = requestID, now: Date = Date()
    ) -> String {
        let request = ValidatedAuthnRequest(
            id: requestID, serviceProvider: serviceProvider.entityID, assertionConsumerService: serviceProvider.assertionConsumerServiceURL,
            relayState: "state", forceAuthn: false, isPassive: false, nameIDFormat: .persistent, authnContext: nil,
            replayWindowEnd: now.addingTimeInterval(600), refusal: nil
        )
        let authentication = status == .success ? AssertedAuthentication(
            nameID: nameID, nameIDFormat: .persistent, classRef: classRef, authnInstant: now, sessionIndex: "_session",
            sessionNotOnOrAfter: now.addingTimeInterval(3600), attributes: attributes
        ) : nil
        let form = try! idp.response(to: request, for: ourSP(encrypted: encrypted), status: status, authentication: authentication,
                                     policy: samlPolicy, now: now)
        return String(decoding: Data(base64Encoded: form.message)!, as: UTF8.self)
    }

    static func message(_ xml: String) throws -> ReceivedMessage {
        try PostBinding.decode(fields: ["SAMLResponse": Data(xml.utf8).base64EncodedString(), "RelayState": "state"],
                               expecting: .response, limit: 64 * 1024)
    }

    @discardableResult
    static func validate(_ xml: String, land: Land = land(), expected: ExpectedResponse = expected,
                         now: Date = Date()) throws -> ValidatedAssertion {
        try ResponseValidator(serviceProvider: serviceProvider, policy: policy).validate(message(xml), land: land, expected: expected, now: now)
    }
}
