import Foundation
import PforteCore
@testable import PforteFederation
import PforteSAML
import Testing

@Suite struct ResponseValidatorTests {
    @Test func aSignedEncryptedResponseYieldsTheIdentity() throws {
        let validated = try Fixtures.validate(Fixtures.responseXML())
        #expect(validated.identity.subject == "person-1")
        #expect(validated.identity.level == .hoch)
        #expect(validated.identity.attributes == ["givenName": "Max", "sn": "Mustermann"])
        #expect(validated.identity.connectorID == Fixtures.landIdP.entityID)
        #expect(validated.identity.logoutHandle?.sessionIndex == "_session")
        #expect(validated.replayWindowEnd > Date())
    }

    @Test(arguments: [
        ("STORK-QAA-Level-1", TrustLevel.normal), ("STORK-QAA-Level-3", .substantiell), ("http://eidas.europa.eu/LoA/substantial", .substantiell),
        ("http://eidas.europa.eu/LoA/high", .hoch),
    ])
    func levelsAreReadFromBothVocabularies(classRef: String, level: TrustLevel) throws {
        #expect(try Fixtures.validate(Fixtures.responseXML(classRef: classRef, encrypted: false)).identity.level == level)
    }

    @Test func anUnknownLevelIsRefused() {
        #expect(throws: FederationError(.unknownLevel, "urn:example:level")) {
            try Fixtures.validate(Fixtures.responseXML(classRef: "urn:example:level"))
        }
    }

    @Test func unknownAttributesAreDroppedAndOverridesApply() throws {
        let unknown = AttributeDefinition(friendlyName: "shoeSize", oid: "1.2.3.4")
        let renamed = AttributeDefinition(friendlyName: "vorname", oid: "1.2.3.5")
        let xml = Fixtures.responseXML(attributes: [(unknown, "44"), (renamed, "Erika"), (AttributeProfile.definition(named: "sn")!, "M")])
        let identity = try Fixtures.validate(xml, land: Fixtures.land(settings: LandSettings(attributes: ["urn:oid:1.2.3.5": "givenName"]))).identity
        #expect(identity.attributes == ["givenName": "Erika", "sn": "M"])
        #expect(identity.droppedAttributes == ["urn:oid:1.2.3.4"])
    }

    @Test func theTrustLevelAttributeNeverRaisesTheLevel() throws {
        let xml = Fixtures.responseXML(attributes: [(AttributeProfile.trustLevel, "STORK-QAA-Level-1")])
        #expect(try Fixtures.validate(xml).identity.level == .normal)
    }

    @Test func thePseudonymIsTheSubjectWhenPresent() throws {
        let xml = Fixtures.responseXML(attributes: [(AttributeProfile.pseudonym, "bpk-123")])
        let identity = try Fixtures.validate(xml).identity
        #expect(identity.subject == "bpk-123")
        #expect(identity.attributes.isEmpty)
    }

    @Test func anotherRequestsAnswerIsRefused() {
        #expect(throws: FederationError.Code.wrongInResponseTo) {
            try code { try Fixtures.validate(Fixtures.responseXML(requestID: "_other")) }
        }
    }

    @Test func anAnswerFromAnotherLandThanAskedIsRefused() {
        let expected = ExpectedResponse(landEntityID: "https://other-land.example/idp", requestID: Fixtures.requestID)
        #expect(throws: FederationError.Code.wrongIssuer) { try code { try Fixtures.validate(Fixtures.responseXML(), expected: expected) } }
    }

    @Test func aKeyOutsideTheLandsMetadataIsRefused() {
        #expect(throws: FederationError.Code.signatureInvalid) {
            try code { try Fixtures.validate(Fixtures.responseXML(idp: Fixtures.impostorIdP, encrypted: false)) }
        }
    }

    @Test func anExpiredResponseIsRefused() {
        let past = Date().addingTimeInterval(-3600)
        #expect(throws: FederationError.Code.expired) { try code { try Fixtures.validate(Fixtures.responseXML(now: past)) } }
    }

    @Test func aFailureStatusIsReportedWithItsSubcode() {
        #expect(throws: FederationError(.status, "urn:oasis:names:tc:SAML:2.0:status:NoAuthnContext")) {
            try Fixtures.validate(Fixtures.responseXML(status: .noAuthnContext))
        }
    }

    @Test func aSecondAssertionIsRefused() throws {
        let xml = Fixtures.responseXML(encrypted: false)
        let assertion = try #require(xml.range(of: "<saml:Assertion")).lowerBound
        let end = try #require(xml.range(of: "</saml:Assertion>")).upperBound
        let copy = String(xml[assertion..<end]).replacingOccurrences(of: "ID=\"_", with: "ID=\"_x")
        let doubled = xml.replacingCharacters(in: end..<end, with: copy)
        #expect(throws: FederationError.Code.assertionCount) { try code { try Fixtures.validate(doubled) } }
    }

    @Test func aChangedNameIDBreaksTheSignature() {
        let xml = Fixtures.responseXML(encrypted: false).replacingOccurrences(of: ">person-1<", with: ">admin<")
        #expect(throws: FederationError.Code.signatureInvalid) { try code { try Fixtures.validate(xml) } }
    }

    @Test func aCommentInsideTheNameIDDoesNotTruncateIt() throws {
        let xml = Fixtures.responseXML(nameID: "victim.evil", encrypted: false)
            .replacingOccurrences(of: ">victim.evil<", with: ">victim<!---->.evil<")
        #expect(try Fixtures.validate(xml).identity.subject == "victim.evil")
    }

    @Test func aResponseForAnotherSPIsRefused() throws {
        let other = try FederationServiceProvider(publicURL: URL(string: "https://other.example")!, keys: Fixtures.keys("other"))
        #expect(throws: FederationError.Code.wrongDestination) {
            try code {
                _ = try ResponseValidator(serviceProvider: other, policy: Fixtures.policy)
                    .validate(Fixtures.message(Fixtures.responseXML(encrypted: false)), land: Fixtures.land(), expected: Fixtures.expected, now: Date())
            }
        }
    }

    /// Rethrows only the code, for tests about the kind of refusal rather than its details.
    private func code(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as FederationError {
            throw error.code
        }
    }
}

extension FederationError.Code: Error {}
