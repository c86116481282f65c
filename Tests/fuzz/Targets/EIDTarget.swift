import Foundation
import PforteCore
@testable import PforteEID

/// The eID-Server's SOAP answers (TR-03130 Part 1), read as `EIDWebServiceConnector` reads
/// them: the envelope opened and its signature and timestamp checked, then the Body's one
/// element read as a `useIDResponse`, `getResultResponse` or `getServerInfoResponse`.
///
/// The first input byte chooses what the rest is: even, a whole envelope (signature, header
/// and parser bombs); odd, the Body content, which the harness signs with the server's key
/// first, so the answer parsers behind the signature see mutated content too.
enum EIDTarget {
    static let pforteKeys = try! WSSecurityKeys(
        signingKeyPEM: FuzzKeys.pforteSAML.privateKeyPEM, signingCertificatePEM: FuzzKeys.pforteSAML.certificatePEM,
        peerCertificatePEM: FuzzKeys.eidServer.certificatePEM
    )
    static let serverKeys = try! WSSecurityKeys(
        signingKeyPEM: FuzzKeys.eidServer.privateKeyPEM, signingCertificatePEM: FuzzKeys.eidServer.certificatePEM,
        peerCertificatePEM: FuzzKeys.pforteSAML.certificatePEM
    )
    static let sentPSK = EIDPreSharedKey.generate()

    static let soap = FuzzTarget(name: "eid-soap", run: { data in
        guard let mode = data.first else { return }
        let rest = data.dropFirst()
        let envelope: Data
        if mode & 1 == 0 {
            envelope = Data(rest)
        } else {
            guard let sealed = try? SOAPEnvelope.seal(String(decoding: rest, as: UTF8.self), keys: serverKeys, now: fuzzNow)
            else { return }
            envelope = sealed
        }
        guard let element = try? SOAPEnvelope.open(envelope, keys: pforteKeys, now: fuzzNow) else { return }
        _ = try? EIDSessionStart(parsing: element, sentPSK: sentPSK)
        _ = try? GetResultResponse.parse(element)
        _ = try? EIDServerInfo(parsing: element)
    }, seeds: {
        let erika = EIDPersonalData(
            restrictedID: String(repeating: "0f", count: 32), documentType: "ID", issuingState: "D",
            dateOfExpiry: try PartialDate(year: 2031, month: 10, day: 31),
            givenNames: "ERIKA", familyNames: "MUSTERMANN", birthName: "GABLER", artisticName: nil, academicTitle: "Dr.",
            dateOfBirth: try PartialDate(year: 1964, month: 8, day: nil), placeOfBirth: .freetext("BERLIN"),
            placeOfResidence: .structured(EIDStructuredPlace(
                street: "HEIDESTRASSE 17", city: "KÖLN", state: nil, country: "D", zipCode: "51147"
            )),
            nationality: "D",
            operationsAllowedByUser: [.restrictedID: .allowed, .givenNames: .allowed], levelOfAssurance: nil
        )
        let session = EIDSessionStart(
            sessionID: String(repeating: "ab", count: 32), psk: sentPSK, eCardServerAddress: URL(string: "https://eid.example/ecard")
        )
        let answers = [
            "use-id": session.xml(result: .ok),
            "get-result": GetResultResponse.xml(erika, result: .ok),
            "get-result-error": GetResultResponse.xml(nil, result: .error(.cancelledByUser)),
            "server-info": EIDServerInfo(version: "2.4.1", documentVerificationRights: [.givenNames: .allowed]).xml,
        ]
        var seeds: [String: Data] = [:]
        for (name, content) in answers {
            seeds[name] = Data([1]) + Data(content.utf8)
            seeds[name + "-envelope"] = Data([0]) + (try SOAPEnvelope.seal(content, keys: serverKeys, now: fuzzNow))
        }
        return seeds
    })
}
