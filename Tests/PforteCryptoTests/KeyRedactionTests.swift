import Foundation
import PforteCrypto
import Testing

@Suite struct KeyRedactionTests {
    /// A record a caller might log carelessly.
    struct LoggedSession {
        let dataKey: AccountDataKey
        let seal: SessionSeal
    }

    func renderings(_ value: some Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), "\(value)", dumped]
    }

    @Test func dataKeyIsRedacted() {
        let key = AccountDataKey.generate()
        #expect(key.description == "AccountDataKey(redacted)")
        for text in renderings(key) + renderings(LoggedSession(dataKey: key, seal: .generate())) {
            #expect(!text.contains("SymmetricKey"), "\(text)")
            #expect(!text.contains("bytes"), "\(text)")
        }
    }

    @Test func sessionKeyIsRedacted() {
        let seal = SessionSeal.generate()
        #expect(seal.description == "SessionSeal(redacted)")
        for text in renderings(seal) + renderings(LoggedSession(dataKey: .generate(), seal: seal)) {
            #expect(!text.contains(seal.cookieValue), "\(text)")
            #expect(!text.contains("SymmetricKey"), "\(text)")
        }
    }
}
