import PforteCrypto
import Testing

@Suite struct PasswordHasherTests {
    let hasher = PasswordHasher()

    @Test func hashHasPHCFormatWithDefaultParameters() throws {
        let phc = try hasher.hash("Korrekt-Pferd-7")
        let fields = phc.split(separator: "$", omittingEmptySubsequences: false)
        #expect(fields.count == 6)
        #expect(fields[1] == "argon2id")
        #expect(fields[2] == "v=19")
        #expect(fields[3] == "m=7168,t=5,p=1")
        #expect(fields[4].count == 22, "16-byte salt, unpadded Base64")
        #expect(fields[5].count == 43, "32-byte tag, unpadded Base64")
    }

    @Test func verifiesCorrectAndRejectsWrongPassword() throws {
        let phc = try hasher.hash("Straße-über-42")
        #expect(hasher.verify("Straße-über-42", against: phc) == .valid(needsRehash: false))
        #expect(hasher.verify("Straße-über-43", against: phc) == .invalid)
        #expect(hasher.verify("", against: phc) == .invalid)
    }

    @Test func saltsDiffer() throws {
        #expect(try hasher.hash("same") != hasher.hash("same"))
    }

    @Test func normalisesToNFC() throws {
        let phc = try hasher.hash("M\u{00FC}ller1!")
        #expect(hasher.verify("Mu\u{0308}ller1!", against: phc) == .valid(needsRehash: false))
    }

    @Test func flagsOtherParametersForRehash() throws {
        let weaker = PasswordHasher(parameters: try Argon2Parameters(memoryKiB: 64, iterations: 1, parallelism: 1))
        let phc = try weaker.hash("Passwort-1")
        #expect(hasher.verify("Passwort-1", against: phc) == .valid(needsRehash: true))
        #expect(weaker.verify("Passwort-1", against: phc) == .valid(needsRehash: false))
        #expect(hasher.verify("Passwort-2", against: phc) == .invalid)
    }

    @Test func flagsOtherSaltLengthForRehash() throws {
        // Made with libargon2's argon2id_hash_encoded from C: password "password",
        // salt "saltsaltsalt" (12 bytes, not our 16), m=64, t=1, p=1, 32-byte tag.
        let phc = "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$hk3MNnowk+g5FQ6vidVZOiILjdY2VIE9DQlZfnbESyo"
        let hasher = PasswordHasher(parameters: try Argon2Parameters(memoryKiB: 64, iterations: 1, parallelism: 1))
        #expect(hasher.verify("password", against: phc) == .valid(needsRehash: true))
        #expect(hasher.verify("Password", against: phc) == .invalid)
    }

    @Test(arguments: [
        "",
        "not a hash",
        "$argon2i$v=19$m=7168,t=5,p=1$c29tZXNhbHRzb21lc2FsdA$AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
        "$argon2id$v=19$m=7168,t=5,p=1$c29tZXNhbHRzb21lc2FsdA$AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
        "$argon2id$v=19$m=4194304,t=5,p=1$c29tZXNhbHRzb21lc2FsdA$AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
    ])
    func malformedOrForeignHashIsInvalid(phc: String) {
        #expect(hasher.verify("password", against: phc) == .invalid)
    }
}
