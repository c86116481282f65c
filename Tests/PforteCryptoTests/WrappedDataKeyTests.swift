import Foundation
import PforteCrypto
import Testing

@Suite struct WrappedDataKeyTests {
    let dataKey = AccountDataKey.generate()
    let profileContext = SealingContext(accountID: "account-A", purpose: "profile")

    /// Two data keys are the same key when one opens what the other sealed.
    func expectSameKey(_ other: AccountDataKey, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let sealed = try SealedData.seal(Data("probe".utf8), with: dataKey, context: profileContext)
        #expect(try sealed.open(with: other, context: profileContext) == Data("probe".utf8), sourceLocation: sourceLocation)
    }

    func expectCode(_ code: SealingError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        #expect(sourceLocation: sourceLocation) { try body() } throws: { ($0 as? SealingError)?.code == code }
    }

    @Test func wrapAndUnwrap() throws {
        let wrapped = try WrappedDataKey.wrap(dataKey, secret: "Korrekt-Pferd-7", kind: .password, parameters: smallArgon2Parameters())
        try expectSameKey(wrapped.unwrap(secret: "Korrekt-Pferd-7", kind: .password))
    }

    @Test func wrongSecretFails() throws {
        let wrapped = try WrappedDataKey.wrap(dataKey, secret: "Korrekt-Pferd-7", kind: .password, parameters: smallArgon2Parameters())
        expectCode(.wrongKeyOrTampered) { _ = try wrapped.unwrap(secret: "Korrekt-Pferd-8", kind: .password) }
        expectCode(.wrongKeyOrTampered) { _ = try wrapped.unwrap(secret: "", kind: .password) }
    }

    @Test func kindIsBound() throws {
        for wrappedKind in SecretKind.allCases {
            let wrapped = try WrappedDataKey.wrap(dataKey, secret: "same string", kind: wrappedKind, parameters: smallArgon2Parameters())
            for presentedKind in SecretKind.allCases where presentedKind != wrappedKind {
                expectCode(.wrongKeyOrTampered) { _ = try wrapped.unwrap(secret: "same string", kind: presentedKind) }
            }
            try expectSameKey(wrapped.unwrap(secret: "same string", kind: wrappedKind))
        }
    }

    @Test func passwordsAreNFCNormalisedAnswersAreTakenAsGiven() throws {
        let parameters = try smallArgon2Parameters()
        let password = try WrappedDataKey.wrap(dataKey, secret: "M\u{00FC}ller1!", kind: .password, parameters: parameters)
        try expectSameKey(password.unwrap(secret: "Mu\u{0308}ller1!", kind: .password))
        let answer = try WrappedDataKey.wrap(dataKey, secret: "m\u{00FC}nchen", kind: .secretAnswer, parameters: parameters)
        expectCode(.wrongKeyOrTampered) { _ = try answer.unwrap(secret: "mu\u{0308}nchen", kind: .secretAnswer) }
    }

    @Test func anyOneSecretUnwrapsTheSameKey() throws {
        let parameters = try smallArgon2Parameters()
        let profile = try SealedData.seal(encoding: TestProfile(), with: dataKey, context: profileContext)
        let password = try WrappedDataKey.wrap(dataKey, secret: "Passwort-1", kind: .password, parameters: parameters)
        let answer = try WrappedDataKey.wrap(dataKey, secret: "bello", kind: .secretAnswer, parameters: parameters)
        let eID = try WrappedDataKey.wrap(dataKey, secret: "restricted-id-secret", kind: .eID, parameters: parameters)
        for key in [
            try password.unwrap(secret: "Passwort-1", kind: .password),
            try answer.unwrap(secret: "bello", kind: .secretAnswer),
            try eID.unwrap(secret: "restricted-id-secret", kind: .eID),
        ] {
            #expect(try profile.open(TestProfile.self, with: key, context: profileContext) == TestProfile())
        }
    }

    @Test func passwordResetViaAnswerRewrapsTheSameKey() throws {
        let parameters = try smallArgon2Parameters()
        let profile = try SealedData.seal(encoding: TestProfile(), with: dataKey, context: profileContext)
        var storedPassword = try WrappedDataKey.wrap(dataKey, secret: "vergessen-1", kind: .password, parameters: parameters).storedForm
        let storedAnswer = try WrappedDataKey.wrap(dataKey, secret: "bello", kind: .secretAnswer, parameters: parameters).storedForm

        // Reset: unwrap through the answer, wrap under the new password, replace the old row.
        let recovered = try WrappedDataKey(storedForm: storedAnswer).unwrap(secret: "bello", kind: .secretAnswer)
        storedPassword = try WrappedDataKey.wrap(recovered, secret: "neu-und-lang-2", kind: .password, parameters: parameters).storedForm

        let newPassword = try WrappedDataKey(storedForm: storedPassword)
        let key = try newPassword.unwrap(secret: "neu-und-lang-2", kind: .password)
        #expect(try profile.open(TestProfile.self, with: key, context: profileContext) == TestProfile())
        expectCode(.wrongKeyOrTampered) { _ = try newPassword.unwrap(secret: "vergessen-1", kind: .password) }
    }

    @Test func storedFormCarriesVersionParametersAndSalt() throws {
        let parameters = try Argon2Parameters(memoryKiB: 2048, iterations: 2, parallelism: 2)
        let wrapped = try WrappedDataKey.wrap(dataKey, secret: "Passwort-1", kind: .password, parameters: parameters)
        let text = wrapped.storedForm
        #expect(text.count == 119)
        let bytes = try base64URLDecoded(text)
        #expect(bytes.count == 89)
        #expect(bytes.first == 1)
        #expect(Array(bytes[1..<13]) == [0, 0, 0x08, 0x00, 0, 0, 0, 2, 0, 0, 0, 2])

        let parsed = try WrappedDataKey(storedForm: text)
        #expect(parsed == wrapped)
        #expect(parsed.parameters == parameters)
        #expect(parsed.storedForm == text)
        try expectSameKey(parsed.unwrap(secret: "Passwort-1", kind: .password))

        let again = try WrappedDataKey.wrap(dataKey, secret: "Passwort-1", kind: .password, parameters: parameters)
        #expect(try base64URLDecoded(again.storedForm)[13..<29] != bytes[13..<29], "fresh random salt")
    }

    @Test func changedHeaderOrBoxFails() throws {
        let wrapped = try WrappedDataKey.wrap(dataKey, secret: "Passwort-1", kind: .password, parameters: smallArgon2Parameters())
        let bytes = try base64URLDecoded(wrapped.storedForm)
        // m 1024 → 1025 KiB (still valid), a salt byte, nonce, encrypted key and tag.
        for offset in [4, 13, 28, 29, 41, 60, 73, 88] {
            let tampered = try WrappedDataKey(storedForm: bytes.flipping(offset).base64URLText)
            expectCode(.wrongKeyOrTampered) { _ = try tampered.unwrap(secret: "Passwort-1", kind: .password) }
        }
    }

    @Test func malformedStoredFormsAreRefused() throws {
        let wrapped = try WrappedDataKey.wrap(dataKey, secret: "Passwort-1", kind: .password, parameters: smallArgon2Parameters())
        let text = wrapped.storedForm
        let bytes = try base64URLDecoded(text)
        let malformed: [String] = [
            "", "A", String(text.dropLast(4)), String(text.dropLast()), text + "AAAA",
            text + "=", " " + text.dropFirst(), "!" + text.dropFirst(),
            "+" + text.dropFirst(), "/" + text.dropFirst(), withNonZeroTrailingBit(text),
            bytes.dropLast().base64URLText,
            (bytes + Data([0])).base64URLText,
        ]
        for form in malformed {
            expectCode(.malformed) { _ = try WrappedDataKey(storedForm: form) }
        }
        for version: UInt8 in [0, 2, 0xFF] {
            expectCode(.unsupportedVersion) { _ = try WrappedDataKey(storedForm: bytes.flipping(0, mask: 1 ^ version).base64URLText) }
        }
    }

    /// Parameters that would make unwrapping allocate gigabytes, or that libargon2 refuses,
    /// are rejected while parsing, before any key derivation.
    @Test(arguments: [
        (UInt32.max, 1, 1), (4 * 1024 * 1024, 1, 1), (2 * 1024 * 1024 + 1, 1, 1), (4, 1, 1),
        (1024, 0, 1), (1024, 65, 1), (1024, UInt32.max, 1),
        (1024, 1, 0), (1024, 1, 65), (1024, 1, UInt32.max),
    ] as [(UInt32, UInt32, UInt32)])
    func absurdParametersAreRefusedWhenParsing(memoryKiB: UInt32, iterations: UInt32, parallelism: UInt32) throws {
        let wrapped = try WrappedDataKey.wrap(dataKey, secret: "Passwort-1", kind: .password, parameters: smallArgon2Parameters())
        var bytes = try base64URLDecoded(wrapped.storedForm)
        for (index, value) in [memoryKiB, iterations, parallelism].enumerated() {
            withUnsafeBytes(of: value.bigEndian) { bytes.replaceSubrange((1 + 4 * index)..<(5 + 4 * index), with: $0) }
        }
        expectCode(.malformed) { _ = try WrappedDataKey(storedForm: bytes.base64URLText) }
    }
}
