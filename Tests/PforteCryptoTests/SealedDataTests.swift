import Foundation
import PforteCrypto
import Testing

@Suite struct SealedDataTests {
    let key = AccountDataKey.generate()
    let profileOfA = SealingContext(accountID: "account-A", purpose: "profile")

    @Test func bytesRoundTrip() throws {
        let plaintext = Data("Erika Mustermann".utf8)
        let sealed = try SealedData.seal(plaintext, with: key, context: profileOfA)
        #expect(try sealed.open(with: key, context: profileOfA) == plaintext)
        let empty = try SealedData.seal(Data(), with: key, context: profileOfA)
        #expect(try empty.open(with: key, context: profileOfA).isEmpty)
    }

    @Test func codableRoundTripRevealsNoPersonalData() throws {
        let profile = TestProfile()
        let sealed = try SealedData.seal(encoding: profile, with: key, context: profileOfA)
        #expect(try sealed.open(TestProfile.self, with: key, context: profileOfA) == profile)
        for field in [profile.givenNames, profile.familyName, profile.birthDate, "Heidestra", "51147"] {
            #expect(!contains(sealed.bytes, field))
        }
    }

    @Test func formatIsVersionNonceCiphertextTag() throws {
        let plaintext = Data(repeating: 0x41, count: 10)
        let sealed = try SealedData.seal(plaintext, with: key, context: profileOfA)
        #expect(sealed.bytes.first == 1)
        #expect(sealed.bytes.count == 1 + 12 + plaintext.count + 16)
        let again = try SealedData.seal(plaintext, with: key, context: profileOfA)
        #expect(again.bytes.dropFirst().prefix(12) != sealed.bytes.dropFirst().prefix(12), "fresh random nonce")
        #expect(try SealedData(bytes: sealed.bytes) == sealed)
    }

    @Test func wrongKeyFails() throws {
        let sealed = try SealedData.seal(Data("x".utf8), with: key, context: profileOfA)
        #expect { try sealed.open(with: .generate(), context: profileOfA) } throws: {
            ($0 as? SealingError)?.code == .wrongKeyOrTampered
        }
    }

    @Test func everyChangedByteAfterTheVersionFails() throws {
        let sealed = try SealedData.seal(Data("1964-08-12".utf8), with: key, context: profileOfA)
        for offset in 1..<sealed.bytes.count {
            let tampered = try SealedData(bytes: sealed.bytes.flipping(offset))
            #expect("byte \(offset)") { try tampered.open(with: key, context: profileOfA) } throws: {
                ($0 as? SealingError)?.code == .wrongKeyOrTampered
            }
        }
        let truncated = try SealedData(bytes: sealed.bytes.dropLast())
        #expect { try truncated.open(with: key, context: profileOfA) } throws: {
            ($0 as? SealingError)?.code == .wrongKeyOrTampered
        }
    }

    @Test(arguments: [
        SealingContext(accountID: "account-B", purpose: "profile"),
        SealingContext(accountID: "account-A", purpose: "eid"),
        SealingContext(accountID: "account-", purpose: "Aprofile"),
        SealingContext(accountID: "account-Aprofile", purpose: ""),
    ])
    func blobDoesNotOpenInAnotherContext(other: SealingContext) throws {
        let sealed = try SealedData.seal(Data("Mustermann".utf8), with: key, context: profileOfA)
        #expect { try sealed.open(with: key, context: other) } throws: {
            ($0 as? SealingError)?.code == .wrongKeyOrTampered
        }
    }

    @Test func malformedBlobsAreRefused() throws {
        let checks: [(Data, SealingError.Code)] = [
            (Data(), .malformed),
            (Data([1]), .malformed),
            (Data([1] + [UInt8](repeating: 0, count: 27)), .malformed),
            (Data([0] + [UInt8](repeating: 0, count: 40)), .unsupportedVersion),
            (Data([2] + [UInt8](repeating: 0, count: 40)), .unsupportedVersion),
        ]
        for (bytes, code) in checks {
            #expect { try SealedData(bytes: bytes) } throws: { ($0 as? SealingError)?.code == code }
        }
        #expect(throws: Never.self) { try SealedData(bytes: Data([1] + [UInt8](repeating: 0, count: 28))) }
    }

    @Test func decodingAnotherTypeFailsAfterAuthentication() throws {
        let sealed = try SealedData.seal(encoding: ["not": "a profile"], with: key, context: profileOfA)
        #expect(throws: DecodingError.self) { try sealed.open(TestProfile.self, with: key, context: profileOfA) }
    }
}
