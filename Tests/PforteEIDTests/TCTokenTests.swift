import Foundation
import PforteCore
import PforteEID
import PforteXML
import Testing

@Suite struct TCTokenTests {
    @Test func elementsInSchemaOrder() throws {
        let session = EIDSessionStart(
            sessionID: String(repeating: "ab", count: 16), psk: EIDPreSharedKey(id: "0123456789abcdef", key: "00ff" + String(repeating: "11", count: 30)),
            eCardServerAddress: URL(string: "https://eid.example/paos?a=1&b=2")!
        )
        let token = TCToken(
            session: session, fallbackServerAddress: URL(string: "https://unused.example")!,
            refreshAddress: URL(string: "https://pforte.example/eid/refresh?handle=x")!,
            communicationErrorAddress: URL(string: "https://pforte.example/eid/error")!
        )
        let document = try XMLDocument(parsing: token.xml)
        #expect(document.root.name == XMLName("TCTokenType"))
        #expect(document.root.children.map(\.name.localName) == [
            "ServerAddress", "SessionIdentifier", "RefreshAddress", "CommunicationErrorAddress", "Binding",
            "PathSecurity-Protocol", "PathSecurity-Parameters",
        ])
        #expect(document.root.children[0].textContent == "https://eid.example/paos?a=1&b=2")
        #expect(document.root.children[1].textContent == "0123456789abcdef")
        #expect(document.root.children[4].textContent == "urn:liberty:paos:2006-08")
        #expect(document.root.children[5].textContent == "urn:ietf:rfc:4279")
        #expect(document.root.children[6].children.map(\.name) == [XMLName("PSK")])
        #expect(document.root.children[6].textContent == session.psk.key)
        #expect(TCToken.contentType.hasPrefix("text/xml"))
    }

    @Test func withoutErrorAddressOrServerAddress() throws {
        let session = EIDSessionStart(sessionID: "s", psk: .generate(), eCardServerAddress: nil)
        let token = TCToken(
            session: session, fallbackServerAddress: URL(string: "https://fallback.example/paos")!,
            refreshAddress: URL(string: "https://pforte.example/r")!, communicationErrorAddress: nil
        )
        let document = try XMLDocument(parsing: token.xml)
        #expect(!document.root.children.map(\.name.localName).contains("CommunicationErrorAddress"))
        #expect(document.root.children[0].textContent == "https://fallback.example/paos")
    }

    @Test func generatedKeysAreLongEnough() {
        let psk = EIDPreSharedKey.generate()
        #expect(psk.id.count >= 16)
        #expect(psk.key.count == 64)
        #expect(psk != EIDPreSharedKey.generate())
    }
}

@Suite struct PersonalDataCodingTests {
    @Test func survivesJSON() throws {
        let data = EIDPersonalData(
            restrictedID: "ab", documentType: "ID", issuingState: "D", dateOfExpiry: try PartialDate(year: 2029, month: 10, day: 31),
            givenNames: "ERIKA", familyNames: "MUSTERMANN", birthName: nil, artisticName: nil, academicTitle: nil,
            dateOfBirth: try PartialDate(year: 1964), placeOfBirth: .freetext("BERLIN"), placeOfResidence: .noPlaceInfo("x"),
            nationality: "D", operationsAllowedByUser: [.restrictedID: .allowed, .birthName: .prohibited],
            levelOfAssurance: EIDLevelOfAssurance.hoch
        )
        let json = try JSONEncoder().encode(data)
        #expect(String(decoding: json, as: UTF8.self).contains("\"1964\""))
        #expect(try JSONDecoder().decode(EIDPersonalData.self, from: json) == data)
    }

    @Test func refusesAnImpossibleDate() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([PartialDate].self, from: Data(#"["1964-02-30"]"#.utf8)) }
    }
}
