import Foundation
import PforteCrypto
import Testing

@Suite struct SessionSealTests {
    let seal = SessionSeal.generate()
    let dataKey = AccountDataKey.generate()
    let sessionID = "session-0001"

    func expectCode(_ code: SealingError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        #expect(sourceLocation: sourceLocation) { try body() } throws: { ($0 as? SealingError)?.code == code }
    }

    @Test func dataKeyRoundTripThroughTheCookie() throws {
        let context = SealingContext(accountID: "account-A", purpose: "profile")
        let profile = try SealedData.seal(encoding: TestProfile(), with: dataKey, context: context)
        let record = try seal.seal(dataKey, sessionID: sessionID)

        let cookie = seal.cookieValue
        #expect(cookie.count == 43)
        let fromCookie = try SessionSeal(cookieValue: cookie)
        #expect(fromCookie.cookieValue == cookie)
        let key = try fromCookie.openDataKey(record, sessionID: sessionID)
        #expect(try profile.open(TestProfile.self, with: key, context: context) == TestProfile())
    }

    @Test func payloadRoundTrip() throws {
        let payload = Data(#"{"given_name":"Erika"}"#.utf8)
        let sealed = try seal.seal(payload: payload, sessionID: sessionID)
        #expect(try seal.openPayload(sealed, sessionID: sessionID) == payload)
        #expect(!contains(sealed.bytes, "Erika"))
    }

    @Test func wrongCookieSessionOrKindFails() throws {
        let record = try seal.seal(dataKey, sessionID: sessionID)
        let payload = try seal.seal(payload: Data(repeating: 7, count: 32), sessionID: sessionID)
        expectCode(.wrongKeyOrTampered) { _ = try SessionSeal.generate().openDataKey(record, sessionID: sessionID) }
        expectCode(.wrongKeyOrTampered) { _ = try seal.openDataKey(record, sessionID: "session-0002") }
        expectCode(.wrongKeyOrTampered) { _ = try seal.openPayload(record, sessionID: sessionID) }
        expectCode(.wrongKeyOrTampered) { _ = try seal.openDataKey(payload, sessionID: sessionID) }
        let tampered = try SealedData(bytes: record.bytes.flipping(20))
        expectCode(.wrongKeyOrTampered) { _ = try seal.openDataKey(tampered, sessionID: sessionID) }
    }

    @Test func malformedCookieValuesAreRefused() {
        let cookie = seal.cookieValue
        let values: [String] = [
            "", String(cookie.dropLast()), cookie + "A", cookie + "=", " " + cookie.dropFirst(),
            "+" + cookie.dropFirst(), "/" + cookie.dropFirst(), "." + cookie.dropFirst(),
            withNonZeroTrailingBit(cookie),
            Data(repeating: 0, count: 33).base64URLText,
        ]
        for value in values {
            expectCode(.malformed) { _ = try SessionSeal(cookieValue: value) }
        }
    }
}
