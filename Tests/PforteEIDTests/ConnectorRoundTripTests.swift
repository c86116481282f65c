import Foundation
import PforteCore
import PforteEID
import Testing

/// Connector ↔ simulator over loopback TLS with client certificates and WS-Security.
@Suite struct ConnectorRoundTripTests {
    private static let loginRequest = EIDAttributeRequest(
        required: [.givenNames, .familyNames, .dateOfBirth],
        allowed: [.documentType, .issuingState, .dateOfExpiry, .birthName, .academicTitle, .placeOfBirth,
                  .placeOfResidence, .nationality, .artisticName]
    )

    private func login(
        _ identity: String, extra: [(String, String)] = [], request: EIDAttributeRequest = loginRequest
    ) async throws -> Result<EIDPersonalData, EIDError> {
        var outcome: Result<EIDPersonalData, EIDError>?
        try await SimulatorFixture.run { fixture in
            try await fixture.withConnector { connector in
                let session = try await connector.startSession(request)
                let card = try await fixture.playCard(session, fields: [("identity", identity)] + extra)
                #expect(card.status == 200)
                do throws(EIDError) {
                    outcome = .success(try await connector.result(of: session))
                } catch {
                    outcome = .failure(error)
                }
            }
        }
        return try #require(outcome)
    }

    @Test func erikaLogsIn() async throws {
        let data = try await login("erika").get()
        #expect(data.restrictedID.count == 64)
        #expect(data.givenNames == "ERIKA")
        #expect(data.familyNames == "MUSTERMANN")
        #expect(data.birthName == "GABLER")
        #expect(data.dateOfBirth == (try PartialDate(year: 1964, month: 8, day: 12)))
        #expect(data.dateOfExpiry == (try PartialDate(year: 2029, month: 10, day: 31)))
        #expect(data.documentType == "ID")
        #expect(data.issuingState == "D")
        #expect(data.nationality == "D")
        #expect(data.placeOfBirth == .freetext("BERLIN"))
        #expect(data.placeOfResidence == .structured(EIDStructuredPlace(
            street: "HEIDESTRASSE 17", city: "KÖLN", state: nil, country: "D", zipCode: "51147"
        )))
        #expect(data.levelOfAssurance == EIDLevelOfAssurance.hoch)
        #expect(data.availability(of: .restrictedID) == .allowed)
        #expect(data.availability(of: .artisticName) == .notOnChip)
        #expect(data.availability(of: .communityID) == .prohibited)
    }

    @Test func pseudonymIsStablePerCardAndNewForANewCard() async throws {
        let first = try await login("erika").get()
        let again = try await login("erika").get()
        let newCard = try await login("erika-newcard").get()
        #expect(first.restrictedID == again.restrictedID)
        #expect(first.restrictedID != newCard.restrictedID)
        #expect(newCard.givenNames == first.givenNames && newCard.dateOfBirth == first.dateOfBirth)
    }

    @Test func incompleteBirthDateIsOnlyAYear() async throws {
        let data = try await login("incomplete-birth").get()
        #expect(data.dateOfBirth == (try PartialDate(year: 1964)))
    }

    @Test func residenceWithoutPlaceInfo() async throws {
        let data = try await login("no-address").get()
        #expect(data.placeOfResidence == .noPlaceInfo("keine Hauptwohnung in Deutschland"))
    }

    @Test func residencePermitAndSecondPerson() async throws {
        #expect(try await login("residence-permit").get().documentType == "AR")
        let max = try await login("max").get()
        #expect(max.givenNames == "MAX" && max.academicTitle == "DR.")
    }

    @Test func deselectedAttributeComesBackProhibited() async throws {
        let data = try await login("erika", extra: [("deselect", "PlaceOfResidence"), ("deselect", "BirthName")]).get()
        #expect(data.placeOfResidence == nil && data.birthName == nil)
        #expect(data.availability(of: .placeOfResidence) == .prohibited)
        #expect(data.availability(of: .birthName) == .prohibited)
        #expect(data.givenNames == "ERIKA")
    }

    @Test func restrictedIDCannotBeDeselected() async throws {
        try await SimulatorFixture.run { fixture in
            try await fixture.withConnector { connector in
                let session = try await connector.startSession(Self.loginRequest)
                let card = try await fixture.playCard(session, fields: [("identity", "erika"), ("deselect", "RestrictedID")])
                #expect(card.status == 400 && card.json.contains("required_attribute"))
            }
        }
    }

    @Test(arguments: [
        ("erika", [("outcome", "cancel")], EIDError.Code.cancelledByUser),
        ("expired", [], .deniedDocument),
        ("revoked", [], .invalidDocument),
        ("erika", [("tamper", "unsigned")], .unsignedResponse),
        ("erika", [("tamper", "foreign-key")], .invalidSignature),
        ("erika", [("tamper", "tampered-body")], .invalidSignature),
        ("erika", [("tamper", "no-personal-data")], .missingPersonalData),
    ])
    func failures(identity: String, extra: [(String, String)], expected: EIDError.Code) async throws {
        let outcome = try await login(identity, extra: extra)
        guard case .failure(let error) = outcome else {
            Issue.record("expected \(expected), got data")
            return
        }
        #expect(error.code == expected)
    }

    @Test func noResultBeforeTheCardSession() async throws {
        try await SimulatorFixture.run { fixture in
            try await fixture.withConnector(polling: EIDPolling(attempts: 2, step: .milliseconds(1))) { connector in
                let session = try await connector.startSession(Self.loginRequest)
                let error = await #expect(throws: EIDError.self) { try await connector.result(of: session) }
                #expect(error?.code == .noResultYet)
            }
        }
    }

    @Test func aRepeatedRequestCounterIsRefused() async throws {
        try await SimulatorFixture.run { fixture in
            try await fixture.withConnector { connector in
                let session = try await connector.startSession(Self.loginRequest)
                _ = try await fixture.playCard(session, fields: [("identity", "erika")])
                _ = try await connector.result(of: session)
                // A second call starts again at RequestCounter 1.
                let error = await #expect(throws: EIDError.self) { try await connector.result(of: session) }
                #expect(error?.code == .invalidCounter)
            }
        }
    }

    @Test func wrongPSKAtTheCardEndpointIsForbidden() async throws {
        try await SimulatorFixture.run { fixture in
            try await fixture.withConnector { connector in
                let session = try await connector.startSession(Self.loginRequest)
                let forged = EIDSessionStart(
                    sessionID: session.sessionID, psk: EIDPreSharedKey(id: session.psk.id, key: String(repeating: "00", count: 32)),
                    eCardServerAddress: session.eCardServerAddress
                )
                let card = try await fixture.playCard(forged, fields: [("identity", "erika")])
                #expect(card.status == 403)
            }
        }
    }

    @Test func serverInfo() async throws {
        try await SimulatorFixture.run { fixture in
            try await fixture.withConnector { connector in
                let info = try await connector.serverInfo()
                #expect(info.version == "2.4.0")
                #expect(info.documentVerificationRights[.restrictedID] == .allowed)
            }
        }
    }

    @Test func requestsSignedWithAnUnknownKeyAreRefused() async throws {
        let other = try SimulatorFixture.otherPKI.get()
        try await SimulatorFixture.run { fixture in
            try await fixture.withConnector(signing: other.pforteSigning) { connector in
                let error = await #expect(throws: EIDError.self) { try await connector.startSession(Self.loginRequest) }
                #expect(error?.code == .transport)
            }
        }
    }

    @Test func aClientCertificateFromAnotherCAIsRefused() async throws {
        let other = try SimulatorFixture.otherPKI.get()
        try await SimulatorFixture.run { fixture in
            try await fixture.withConnector(tlsClient: other.pforteTLS) { connector in
                let error = await #expect(throws: EIDError.self) { try await connector.startSession(Self.loginRequest) }
                #expect(error?.code == .tls || error?.code == .transport)
            }
        }
    }

    @Test func anUnknownSessionIsInvalid() async throws {
        try await SimulatorFixture.run { fixture in
            try await fixture.withConnector { connector in
                let unknown = EIDSessionStart(sessionID: String(repeating: "cd", count: 32), psk: .generate(), eCardServerAddress: nil)
                let error = await #expect(throws: EIDError.self) { try await connector.result(of: unknown) }
                #expect(error?.code == .invalidSession)
            }
        }
    }

    @Test func aShortPSKIsInvalid() async throws {
        try await SimulatorFixture.run { fixture in
            try await fixture.withConnector { connector in
                let request = EIDAttributeRequest(required: [], psk: EIDPreSharedKey(id: "short", key: "00ff"))
                let error = await #expect(throws: EIDError.self) { try await connector.startSession(request) }
                #expect(error?.code == .invalidPSK)
            }
        }
    }

    @Test func unsignedRequestsAreRefused() async throws {
        let pki = try SimulatorFixture.pki.get()
        try await SimulatorFixture.run { fixture in
            let transport = try HTTPSEIDTransport(
                serverURL: fixture.soapURL, clientCertificatePEM: pki.pforteTLS.certificatePEM, clientKeyPEM: pki.pforteTLS.keyPEM,
                trustedServerCertificatesPEM: pki.caCertificatePEM
            )
            let unsigned = """
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header/><soapenv:Body>\
            <eid:getServerInfoRequest xmlns:eid="http://bsi.bund.de/eID/"/></soapenv:Body></soapenv:Envelope>
            """
            let error = await #expect(throws: EIDError.self) {
                try await transport.post(Data(unsigned.utf8), soapAction: "http://bsi.bund.de/eID/getServerInfo")
            }
            #expect(error?.code == .transport && error?.debugReason == "HTTP 500")
        }
    }
}
