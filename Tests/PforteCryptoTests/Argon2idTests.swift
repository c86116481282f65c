import PforteCrypto
import Testing

/// libsodium and libargon2 compute the same Argon2id, so hashes stored before the switch to
/// libsodium still verify, and parameters libsodium cannot compute still work.
@Suite struct Argon2idTests {
    @Test(arguments: [(1024, 1), (256, 3), (7168, 5)])
    func bothImplementationsGiveTheSameOutput(memoryKiB: Int, iterations: Int) throws {
        let parameters = try Argon2Parameters(memoryKiB: memoryKiB, iterations: iterations, parallelism: 1)
        let secret = Array("Gr\u{00FC}n-Wiese-2026".utf8)
        let salt = Array("sixteenbytesalt!".utf8)
        let bySodium = try Argon2id.derive(secret, salt: salt, parameters: parameters, outputLength: 32, using: .libsodium)
        let byArgon2 = try Argon2id.derive(secret, salt: salt, parameters: parameters, outputLength: 32, using: .libargon2)
        #expect(bySodium == byArgon2)
        #expect(Argon2id.implementation(for: parameters, saltLength: 16) == .libsodium)
    }

    /// Written by libargon2's `argon2id_hash_encoded` from C (password "Kennwort-2019", salt
    /// "sixteenbytesalt!"): one lane, which libsodium now verifies, and two lanes, which only
    /// libargon2 computes.
    @Test(arguments: [
        "$argon2id$v=19$m=256,t=2,p=1$c2l4dGVlbmJ5dGVzYWx0IQ$7QWTHWHPWYS09nDL0UR1M6cZpU/C3SeGLe4g5c2JcDk",
        "$argon2id$v=19$m=256,t=1,p=2$c2l4dGVlbmJ5dGVzYWx0IQ$YHqfeEhlMWUlO43TId+0FvXyUIEAu4tKGSsnjg6gLEE",
    ])
    func hashesLibargon2WroteStillVerify(_ phc: String) throws {
        let hasher = PasswordHasher(parameters: try Argon2Parameters(memoryKiB: 256, iterations: 2, parallelism: 1))
        #expect(hasher.verify("Kennwort-2019", against: phc) != .invalid)
        #expect(hasher.verify("Kennwort-2018", against: phc) == .invalid)
    }

    @Test func moreThanOneLaneGoesToLibargon2() throws {
        let parameters = try Argon2Parameters(memoryKiB: 256, iterations: 1, parallelism: 2)
        #expect(Argon2id.implementation(for: parameters, saltLength: 16) == .libargon2)
        #expect(Argon2id.implementation(for: try Argon2Parameters(memoryKiB: 256, iterations: 1, parallelism: 1), saltLength: 12)
                == .libargon2)
        let hasher = PasswordHasher(parameters: parameters)
        let phc = try hasher.hash("Kennwort-2019")
        #expect(hasher.verify("Kennwort-2019", against: phc) == .valid(needsRehash: false))
    }
}
