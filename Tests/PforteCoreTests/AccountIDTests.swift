import PforteCore
import Testing

@Suite struct AccountIDTests {
    @Test func newIdentifiersAre22Base64URLCharacters() {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for _ in 0..<100 {
            let id = AccountID()
            #expect(id.description.count == 22)
            #expect(id.description.allSatisfy(alphabet.contains))
            #expect(AccountID(id.description) == id)
        }
    }

    @Test func newIdentifiersDiffer() {
        #expect(Set((0..<1000).map { _ in AccountID() }).count == 1000)
    }

    @Test func parsesCanonicalForm() {
        #expect(AccountID("AAAAAAAAAAAAAAAAAAAAAA")?.description == "AAAAAAAAAAAAAAAAAAAAAA")
        #expect(AccountID("_____________________w")?.description == "_____________________w")
    }

    @Test(arguments: [
        "", "AAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAA==",
        "AAAAAAAAAAAAAAAAAAAA+A", "AAAAAAAAAAAAAAAAAAAA/A", "AAAAAAAAAAAAAAAAAAAA=A",
        "AAAAAAAAAAAAAAAAAAAAAB",  // same bits as …AA with non-zero padding bits: not canonical
        "AAAAAAAAAAAAAAAAAAAAÄ",
    ])
    func refusesOtherStrings(string: String) {
        #expect(AccountID(string) == nil)
    }

    @Test func statusValues() {
        #expect(AccountStatus.allCases.map(\.rawValue) == ["pendingActivation", "active"])
    }
}
