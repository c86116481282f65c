import Foundation
import PforteCrypto
import Testing

@Suite struct RecipientSealingTests {
    @Test func onlyTheRecipientOpensAndOnlyInItsPlace() throws {
        let recipient = PrivateSealingKey.generate()
        let other = PrivateSealingKey.generate()
        let sealed = try RecipientSealedData.seal(Data("Muster GmbH".utf8), to: recipient.publicKey, context: ["organisation", "o1", "profile"])
        #expect(try sealed.open(with: recipient, context: ["organisation", "o1", "profile"]) == Data("Muster GmbH".utf8))
        #expect(throws: SealingError.self) { try sealed.open(with: other, context: ["organisation", "o1", "profile"]) }
        #expect(throws: SealingError.self) { try sealed.open(with: recipient, context: ["organisation", "o2", "profile"]) }
        #expect(throws: SealingError.self) { try sealed.open(with: recipient, context: ["organisation", "o1profile"]) }
        var tampered = sealed.bytes
        tampered[tampered.count - 1] ^= 1
        #expect(throws: SealingError.self) { try RecipientSealedData(bytes: tampered).open(with: recipient, context: ["organisation", "o1", "profile"]) }
    }

    @Test func malformedBlobsAreRefusedBeforeOpening() {
        #expect(throws: SealingError.self) { try RecipientSealedData(bytes: Data()) }
        #expect(throws: SealingError.self) { try RecipientSealedData(bytes: Data([2]) + Data(count: 60)) }
        #expect(throws: SealingError.self) { try RecipientSealedData(bytes: Data([1]) + Data(count: 20)) }
        #expect(throws: SealingError.self) { try PublicSealingKey(bytes: Data(count: 31)) }
    }

    /// The chain of design §6 for organisations: data key → account key → organisation key.
    @Test func anOrganisationKeyWrappedToAMemberOpensOnlyWithThatMembersDataKey() throws {
        let dataKey = AccountDataKey.generate()
        let context = SealingContext(accountID: "a1", purpose: "sealing-key")
        let account = PrivateSealingKey.generate()
        let sealedAccountKey = try account.seal(with: dataKey, context: context)
        let organisation = PrivateSealingKey.generate()
        let wrapped = try organisation.wrap(for: account.publicKey, context: ["organisation-key", "o1", "a1"])

        let reopenedAccount = try PrivateSealingKey(opening: sealedAccountKey, with: dataKey, context: context)
        let reopened = try PrivateSealingKey(unwrapping: wrapped, with: reopenedAccount, context: ["organisation-key", "o1", "a1"])
        #expect(reopened.publicKey == organisation.publicKey)
        #expect(throws: SealingError.self) {
            try PrivateSealingKey(opening: sealedAccountKey, with: AccountDataKey.generate(), context: context)
        }
        #expect(throws: SealingError.self) {
            try PrivateSealingKey(unwrapping: wrapped, with: reopenedAccount, context: ["organisation-key", "o1", "a2"])
        }
    }

    @Test func privateKeysDoNotPrint() {
        let key = PrivateSealingKey.generate()
        #expect("\(key)" == "PrivateSealingKey(redacted)")
        #expect(String(reflecting: key) == "PrivateSealingKey(redacted)")
    }
}
