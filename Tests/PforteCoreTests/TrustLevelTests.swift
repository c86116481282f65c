import PforteCore
import Testing

@Suite struct TrustLevelTests {
    @Test func orderedByStrength() {
        #expect(TrustLevel.normal < .substantiell)
        #expect(TrustLevel.substantiell < .hoch)
        #expect(TrustLevel.allCases.sorted() == [.normal, .substantiell, .hoch])
    }

    @Test(arguments: [
        (TrustLevel.normal, "http://eidas.europa.eu/LoA/low", "STORK-QAA-Level-1", "http://bsi.bund.de/eID/LoA/normal"),
        (.substantiell, "http://eidas.europa.eu/LoA/substantial", "STORK-QAA-Level-3", "http://bsi.bund.de/eID/LoA/substantiell"),
        (.hoch, "http://eidas.europa.eu/LoA/high", "STORK-QAA-Level-4", "http://bsi.bund.de/eID/LoA/hoch"),
    ])
    func identifiersRoundTrip(level: TrustLevel, eidas: String, stork: String, national: String) {
        #expect(level.eidasURI == eidas)
        #expect(level.storkQAALabel == stork)
        #expect(level.nationalURI == national)
        #expect(TrustLevel(identifier: eidas) == level)
        #expect(TrustLevel(identifier: stork) == level)
        #expect(TrustLevel(identifier: national) == level)
    }

    @Test func storkLevel2RoundsDownToNormal() {
        #expect(TrustLevel(identifier: "STORK-QAA-Level-2") == .normal)
    }

    @Test(arguments: [
        "", "hoch", "normal", "HTTP://EIDAS.EUROPA.EU/LOA/HIGH", "http://eidas.europa.eu/LoA/high ",
        "stork-qaa-level-4", "STORK-QAA-Level-5", "urn:eu:stork:names:tc:STORK:1.0:assertion:STORK-QAA-Level-4",
        "http://eidas.europa.eu/NotNotified/LoA/high",
    ])
    func unknownIdentifiersAreRefused(identifier: String) {
        #expect(TrustLevel(identifier: identifier) == nil)
    }

    @Test func satisfiesEqualAndWeakerOnly() {
        for level in TrustLevel.allCases {
            for required in TrustLevel.allCases {
                #expect(level.satisfies(required) == (level >= required))
            }
        }
        #expect(TrustLevel.hoch.satisfies(.normal))
        #expect(!TrustLevel.normal.satisfies(.substantiell))
        #expect(!TrustLevel.substantiell.satisfies(.hoch))
    }

    @Test func amrValues() {
        #expect(AuthenticationMethod.allCases.map(\.rawValue) == ["pwd", "eid", "fed"])
    }
}
