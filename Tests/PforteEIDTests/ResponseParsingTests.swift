import Foundation
import PforteEID
import PforteEIDSimulator
import Testing

/// Every check the connector makes on what comes from the network, with answers crafted here
/// (signed with the simulator's key where they should pass the signature check).
@Suite struct ResponseParsingTests {
    /// Answers every request with the same bytes.
    private struct CannedTransport: EIDTransport {
        let answer: @Sendable (Date) throws(EIDError) -> Data
        func post(_ envelope: Data, soapAction: String) async throws(EIDError) -> Data { try answer(Date()) }
    }

    private static let session = EIDSessionStart(
        sessionID: String(repeating: "ab", count: 32), psk: .generate(), eCardServerAddress: nil
    )

    private static func keys(server: Bool) throws -> WSSecurityKeys {
        let pki = try SimulatorFixture.pki.get()
        let (ours, peer) = server ? (pki.simulatorSigning, pki.pforteSigning) : (pki.pforteSigning, pki.simulatorSigning)
        return try WSSecurityKeys(signingKeyPEM: ours.keyPEM, signingCertificatePEM: ours.certificatePEM, peerCertificatePEM: peer.certificatePEM)
    }

    private func connector(_ answer: @escaping @Sendable (Date) throws(EIDError) -> Data) throws -> EIDWebServiceConnector {
        EIDWebServiceConnector(
            transport: CannedTransport(answer: answer), keys: try Self.keys(server: false),
            polling: EIDPolling(attempts: 1, step: .milliseconds(1))
        )
    }

    /// `content` signed by the simulator's key.
    private func signed(_ content: String) throws -> EIDWebServiceConnector {
        let keys = try Self.keys(server: true)
        return try connector { now throws(EIDError) in try SOAPEnvelope.seal(content, keys: keys, now: now) }
    }

    private func resultError(_ connector: EIDWebServiceConnector) async -> EIDError.Code? {
        await #expect(throws: EIDError.self) { try await connector.result(of: Self.session) }?.code
    }

    private static let erika = GetResultResponse.xml(EIDPersonalData(
        restrictedID: String(repeating: "0f", count: 32), documentType: "ID", issuingState: "D", dateOfExpiry: nil,
        givenNames: "ERIKA", familyNames: "MUSTERMANN", birthName: nil, artisticName: nil, academicTitle: nil,
        dateOfBirth: nil, placeOfBirth: nil, placeOfResidence: nil, nationality: nil,
        operationsAllowedByUser: [.restrictedID: .allowed], levelOfAssurance: nil
    ), result: .ok)

    @Test func acceptsASignedAnswer() async throws {
        let data = try await signed(Self.erika).result(of: Self.session)
        #expect(data.restrictedID == String(repeating: "0f", count: 32))
    }

    @Test(arguments: EIDError.Code.allCases)
    func mapsEveryResultMinor(code: EIDError.Code) async throws {
        let result = EIDResult.error(code)
        // Codes Pforte detects itself have no result-minor URI; the simulator reports them as
        // a schema violation, which is what the connector must then say.
        let expected = code.isServerResult ? code : .schemaViolation
        let content = "<eid:getResultResponse xmlns:eid=\"\(EIDNamespace.eid)\">\(result.xml)</eid:getResultResponse>"
        #expect(await resultError(try signed(content)) == expected)
    }

    @Test func unknownResultMinor() async throws {
        let result = EIDResult(minor: "urn:example:other", message: "x")
        let content = "<eid:getResultResponse xmlns:eid=\"\(EIDNamespace.eid)\">\(result.xml)</eid:getResultResponse>"
        #expect(await resultError(try signed(content)) == .unknownResultMinor)
    }

    @Test func refusesUnsignedAnswers() async throws {
        let unsigned = """
        <soapenv:Envelope xmlns:soapenv="\(EIDNamespace.soap)"><soapenv:Header/><soapenv:Body>\(Self.erika)</soapenv:Body></soapenv:Envelope>
        """
        #expect(await resultError(try connector { _ in Data(unsigned.utf8) }) == .unsignedResponse)
    }

    @Test func refusesTamperedBody() async throws {
        let keys = try Self.keys(server: true)
        let tampered = try connector { now throws(EIDError) in
            let xml = String(decoding: try SOAPEnvelope.seal(Self.erika, keys: keys, now: now), as: UTF8.self)
            return Data(xml.replacingOccurrences(of: "ERIKA", with: "MALLORY").utf8)
        }
        #expect(await resultError(tampered) == .invalidSignature)
    }

    @Test func refusesOurOwnKeyAsTheServers() async throws {
        // Signed correctly, but by a key that is not the configured server key.
        let keys = try Self.keys(server: false)
        #expect(await resultError(try connector { now throws(EIDError) in try SOAPEnvelope.seal(Self.erika, keys: keys, now: now) }) == .invalidSignature)
    }

    @Test func refusesExpiredTimestamps() async throws {
        let keys = try Self.keys(server: true)
        let old = try connector { now throws(EIDError) in
            try SOAPEnvelope.seal(Self.erika, keys: keys, now: now.addingTimeInterval(-3600))
        }
        #expect(await resultError(old) == .expiredTimestamp)
        let future = try connector { now throws(EIDError) in
            try SOAPEnvelope.seal(Self.erika, keys: keys, now: now.addingTimeInterval(3600))
        }
        #expect(await resultError(future) == .expiredTimestamp)
    }

    @Test func refusesAWrappedBody() async throws {
        // The signed Body is moved into the header; a new, unsigned Body takes its place.
        let keys = try Self.keys(server: true)
        let wrapped = try connector { now throws(EIDError) in
            let xml = String(decoding: try SOAPEnvelope.seal(Self.erika, keys: keys, now: now), as: UTF8.self)
            guard let start = xml.range(of: "<soapenv:Body"), let end = xml.range(of: "</soapenv:Body>") else { return Data() }
            let signedBody = String(xml[start.lowerBound..<end.upperBound])
            let moved = signedBody.replacingOccurrences(of: "soapenv:Body", with: "soapenv:Wrapper")
            let evil = Self.erika.replacingOccurrences(of: String(repeating: "0f", count: 32), with: String(repeating: "ee", count: 32))
            return Data(xml.replacingOccurrences(of: signedBody, with: "<soapenv:Body>\(evil)</soapenv:Body>")
                .replacingOccurrences(of: "</wsse:Security>", with: "</wsse:Security>\(moved)").utf8)
        }
        let code = await resultError(wrapped)
        #expect(code == .invalidSignature)
    }

    @Test(arguments: [
        "not xml at all",
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"e\">]><x>&e;</x>",
        "<Envelope xmlns=\"urn:wrong\"><Header/><Body/></Envelope>",
    ])
    func refusesMalformedAnswers(answer: String) async throws {
        #expect(await resultError(try connector { _ in Data(answer.utf8) }) == .malformedResponse)
    }

    @Test func refusesContentInTheWrongNamespace() async throws {
        let wrong = Self.erika.replacingOccurrences(of: EIDNamespace.eid, with: "http://bsi.bund.de/eID/other/")
        #expect(await resultError(try signed(wrong)) == .malformedResponse)
    }

    @Test func refusesOkWithoutPersonalData() async throws {
        let content = GetResultResponse.xml(nil, result: .ok)
        #expect(await resultError(try signed(content)) == .missingPersonalData)
    }

    @Test func refusesABadDateOfBirth() async throws {
        let content = Self.erika.replacingOccurrences(
            of: "<eid:GivenNames>", with: "<eid:DateOfBirth><eid:DateString>19641332</eid:DateString></eid:DateOfBirth><eid:GivenNames>"
        )
        #expect(await resultError(try signed(content)) == .malformedResponse)
    }

    @Test func refusesAUseIDAnswerWithAShortSession() async throws {
        let start = EIDSessionStart(sessionID: "abc", psk: .generate(), eCardServerAddress: nil)
        let connector = try signed(start.xml(result: .ok))
        let error = await #expect(throws: EIDError.self) { try await connector.startSession(EIDAttributeRequest(required: [])) }
        #expect(error?.code == .malformedResponse)
    }
}

extension EIDError.Code {
    /// Whether an eID-Server reports this code itself (as a result-minor URI).
    var isServerResult: Bool {
        switch self {
        case .internalError, .schemaViolation, .invalidPSK, .tooManyOpenSessions, .missingArgument,
             .missingTerminalRights, .noResultYet, .invalidSession, .invalidCounter, .deniedDocument,
             .invalidDocument, .cancelledByUser:
            true
        default:
            false
        }
    }
}
