import Foundation
@testable import PforteSAML
import Testing

@Suite struct SAMLTimeTests {
    @Test func writesUTCToTheSecondAndReadsFractionsButNoOffsets() throws {
        let instant = Date(timeIntervalSince1970: 1_795_452_303.75)
        #expect(SAMLTime.format(instant) == "2026-11-23T16:45:03Z")
        #expect(SAMLTime.parse("2026-11-23T16:45:03Z") == Date(timeIntervalSince1970: 1_795_452_303))
        let fractional = try #require(SAMLTime.parse("2026-11-23T16:45:03.750Z"))
        #expect(abs(fractional.timeIntervalSince(instant)) < 0.001)
        #expect(SAMLTime.parse("2026-11-23T17:45:03+01:00") == nil)
        #expect(SAMLTime.parse("2026-11-23 16:45:03Z") == nil)
        #expect(SAMLTime.parse("gestern") == nil)
    }
}
