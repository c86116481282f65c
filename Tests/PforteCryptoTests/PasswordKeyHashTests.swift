import Crypto
import Foundation
import Testing

@testable import PforteCrypto

/// One Argon2id per password login (issue #20): the hash and the password wrapping's key come
/// from one evaluation, and what is stored reveals neither the key nor the password.
@Suite struct PasswordKeyHashTests {
    let hasher: PasswordKeyHash
    let dataKey = AccountDataKey.generate()
    let context = SealingContext(accountID: "account-A", purpose: "profile")

    init() throws {
        hasher = PasswordKeyHash(parameters: try smallArgon2Parameters())
    }

    func opens(_ key: PasswordWrappingKey, _ wrapped: PasswordWrappedDataKey) throws -> Bool {
        let sealed = try SealedData.seal(Data("probe".utf8), with: dataKey, context: context)
        return try sealed.open(with: wrapped.unwrap(with: key), context: context) == Data("probe".utf8)
    }

    @Test func theRightPasswordOpensTheWrappingItsHashWasMadeWith() throws {
        let (stored, key) = try hasher.hash("Korrekt-Pferd-7")
        #expect(stored.hasPrefix("$pforte-argon2id-hkdf$v=19$m=1024,t=1,p=1$"))
        #expect(PasswordKeyHash.isKeyHash(stored))
        let wrapped = try PasswordWrappedDataKey(storedForm: PasswordWrappedDataKey.wrap(dataKey, under: key).storedForm)
        guard case .valid(let opened, needsRehash: false) = hasher.open("Korrekt-Pferd-7", against: stored) else {
            Issue.record("the right password was refused")
            return
        }
        #expect(try opens(opened, wrapped))
    }

    @Test func wrongPasswordsAndOtherSaltsAreRefused() throws {
        let (stored, _) = try hasher.hash("Korrekt-Pferd-7")
        for guess in ["Korrekt-Pferd-8", "", "korrekt-pferd-7"] {
            guard case .invalid = hasher.open(guess, against: stored) else {
                Issue.record("\(guess) opened the hash")
                continue
            }
        }
        let (again, _) = try hasher.hash("Korrekt-Pferd-7")
        #expect(again != stored, "every hash has its own salt")
    }

    @Test func theStoredVerifierIsNotTheWrappingKey() throws {
        let (stored, key) = try hasher.hash("Korrekt-Pferd-7")
        let wrapped = try PasswordWrappedDataKey.wrap(dataKey, under: key)
        let verifier = try #require(stored.split(separator: "$").last)
        let padded = verifier + String(repeating: "=", count: (4 - verifier.count % 4) % 4)
        let verifierBytes = try #require(Data(base64Encoded: String(padded)))
        #expect(verifierBytes.count == 32)
        // Someone with the database holds the verifier: used as the key, it opens nothing.
        #expect(throws: SealingError.self) { _ = try wrapped.unwrap(with: PasswordWrappingKey(SymmetricKey(data: verifierBytes))) }
        #expect(try opens(key, wrapped))
    }

    @Test func passwordsAreComparedInNFC() throws {
        let (stored, _) = try hasher.hash("Gr\u{00FC}n-Wiese-2026")
        guard case .valid = hasher.open("Gru\u{0308}n-Wiese-2026", against: stored) else {
            Issue.record("a decomposed ü did not match its composed form")
            return
        }
    }

    @Test func otherParametersAskForARehash() throws {
        let (stored, _) = try hasher.hash("Korrekt-Pferd-7")
        let stronger = PasswordKeyHash(parameters: try Argon2Parameters(memoryKiB: 2048, iterations: 1, parallelism: 1))
        guard case .valid(_, needsRehash: true) = stronger.open("Korrekt-Pferd-7", against: stored) else {
            Issue.record("a hash of weaker parameters was not marked for rehash")
            return
        }
    }

    /// Stored strings that are not well-formed hashes of this construction open nothing: a plain
    /// Argon2id PHC string, a changed verifier, a truncated or padded field, huge parameters.
    @Test(arguments: [
        "$argon2id$v=19$m=1024,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
        "$pforte-argon2id-hkdf$v=19$m=1024,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
        "$pforte-argon2id-hkdf$v=19$m=1024,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$AAECAwQFBgcICQoLDA0ODw",
        "$pforte-argon2id-hkdf$v=19$m=1024,t=1,p=1$c29tZXNhbHRzb21lc2FsdA==$AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
        "$pforte-argon2id-hkdf$v=16$m=1024,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
        "$pforte-argon2id-hkdf$v=19$m=4194304,t=5,p=1$c29tZXNhbHRzb21lc2FsdA$AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
        "", "$", "pforte-argon2id-hkdf",
    ])
    func malformedStoredHashesOpenNothing(_ stored: String) {
        guard case .invalid = hasher.open("Korrekt-Pferd-7", against: stored) else {
            Issue.record("\(stored) opened")
            return
        }
    }

    @Test func aChangedVerifierIsRefused() throws {
        let (stored, _) = try hasher.hash("Korrekt-Pferd-7")
        var characters = Array(stored)
        let last = characters.index(before: characters.endIndex) - 1
        characters[last] = characters[last] == "A" ? "B" : "A"
        guard case .invalid = hasher.open("Korrekt-Pferd-7", against: String(characters)) else {
            Issue.record("a changed verifier was accepted")
            return
        }
    }
}

@Suite struct PasswordWrappedDataKeyTests {
    let hasher: PasswordKeyHash

    init() throws {
        hasher = PasswordKeyHash(parameters: try smallArgon2Parameters())
    }

    func expectCode(_ code: SealingError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        #expect(sourceLocation: sourceLocation) { try body() } throws: { ($0 as? SealingError)?.code == code }
    }

    @Test func anotherPasswordsKeyOrAChangedByteOpensNothing() throws {
        let (_, key) = try hasher.hash("Korrekt-Pferd-7")
        let (_, other) = try hasher.hash("Korrekt-Pferd-7")
        let wrapped = try PasswordWrappedDataKey.wrap(AccountDataKey.generate(), under: key)
        #expect(wrapped.storedForm.count == 82)
        expectCode(.wrongKeyOrTampered) { _ = try wrapped.unwrap(with: other) }
        var bytes = try base64URLDecoded(wrapped.storedForm)
        bytes[20] ^= 0x01
        let tampered = try PasswordWrappedDataKey(storedForm: bytes.base64URLEncoded)
        expectCode(.wrongKeyOrTampered) { _ = try tampered.unwrap(with: key) }
    }

    @Test func storedFormsOfOtherVersionsOrLengthsAreRefused() throws {
        let (_, key) = try hasher.hash("Korrekt-Pferd-7")
        let bytes = try base64URLDecoded(PasswordWrappedDataKey.wrap(AccountDataKey.generate(), under: key).storedForm)
        expectCode(.unsupportedVersion) { _ = try PasswordWrappedDataKey(storedForm: (Data([1]) + bytes.dropFirst()).base64URLEncoded) }
        expectCode(.malformed) { _ = try PasswordWrappedDataKey(storedForm: bytes.dropLast().base64URLEncoded) }
        expectCode(.malformed) { _ = try PasswordWrappedDataKey(storedForm: (bytes + Data([0])).base64URLEncoded) }
        expectCode(.malformed) { _ = try PasswordWrappedDataKey(storedForm: "not base64url!") }
        let legacy = try WrappedDataKey.wrap(AccountDataKey.generate(), secret: "x", kind: .password, parameters: smallArgon2Parameters())
        #expect(throws: SealingError.self) { _ = try PasswordWrappedDataKey(storedForm: legacy.storedForm) }
    }
}
