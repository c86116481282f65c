@testable import PforteCrypto
import Testing

@Suite struct PHCStringTests {
    /// Salt "somesaltsomesalt" (16 bytes) and a 32-byte tag, in the format libargon2 writes.
    static let salt = "c29tZXNhbHRzb21lc2FsdA"
    static let tag = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
    static let wellFormed = "$argon2id$v=19$m=7168,t=5,p=1$\(salt)$\(tag)"

    @Test func parsesWellFormedString() throws {
        let phc = try PHCString(parsing: Self.wellFormed)
        #expect(phc.parameters == .default)
        #expect(phc.salt == Array("somesaltsomesalt".utf8))
        #expect(phc.hash == Array(0..<32))
    }

    @Test(arguments: [
        ("", PHCString.ParseError.wrongFieldCount),
        ("$argon2id$v=19$m=7168,t=5,p=1$\(salt)", .wrongFieldCount),
        ("argon2id$v=19$m=7168,t=5,p=1$\(salt)$\(tag)$", .wrongFieldCount),
        ("$argon2id$m=7168,t=5,p=1$\(salt)$\(tag)", .wrongFieldCount),
        ("$argon2id$v=19$m=7168,t=5,p=1$\(salt)$\(tag)$", .wrongFieldCount),
        ("$argon2i$v=19$m=7168,t=5,p=1$\(salt)$\(tag)", .unsupportedAlgorithm),
        ("$argon2d$v=19$m=7168,t=5,p=1$\(salt)$\(tag)", .unsupportedAlgorithm),
        ("$scrypt$v=19$m=7168,t=5,p=1$\(salt)$\(tag)", .unsupportedAlgorithm),
        ("$argon2id$v=16$m=7168,t=5,p=1$\(salt)$\(tag)", .unsupportedVersion),
        ("$argon2id$v=019$m=7168,t=5,p=1$\(salt)$\(tag)", .unsupportedVersion),
        ("$argon2id$v=19$m=7168,t=5$\(salt)$\(tag)", .malformedParameters),
        ("$argon2id$v=19$t=5,m=7168,p=1$\(salt)$\(tag)", .malformedParameters),
        ("$argon2id$v=19$m=7k,t=5,p=1$\(salt)$\(tag)", .malformedParameters),
        ("$argon2id$v=19$m=7168,t=+5,p=1$\(salt)$\(tag)", .malformedParameters),
        ("$argon2id$v=19$m=7168,t=05,p=1$\(salt)$\(tag)", .malformedParameters),
        ("$argon2id$v=19$m=7168,t=,p=1$\(salt)$\(tag)", .malformedParameters),
        ("$argon2id$v=19$m=7168,t=5,p=1,keyid=x$\(salt)$\(tag)", .malformedParameters),
        ("$argon2id$v=19$m=99999999999,t=5,p=1$\(salt)$\(tag)", .malformedParameters),
        ("$argon2id$v=19$m=4194304,t=5,p=1$\(salt)$\(tag)", .parametersOutOfRange),
        ("$argon2id$v=19$m=7168,t=0,p=1$\(salt)$\(tag)", .parametersOutOfRange),
        ("$argon2id$v=19$m=7168,t=5,p=1$c29tZQ$\(tag)", .malformedSalt),
        ("$argon2id$v=19$m=7168,t=5,p=1$\(salt)==$\(tag)", .malformedSalt),
        ("$argon2id$v=19$m=7168,t=5,p=1$\(salt)!$\(tag)", .malformedSalt),
        ("$argon2id$v=19$m=7168,t=5,p=1$\(salt)$AAECAw", .malformedHash),
        ("$argon2id$v=19$m=7168,t=5,p=1$\(salt)$", .malformedHash),
        ("$argon2id$v=19$m=7168,t=5,p=1$\(salt)$\(tag)\(String(repeating: "A", count: 200))", .tooLong),
    ])
    func rejectsMalformed(input: String, expected: PHCString.ParseError) {
        #expect(throws: expected) { try PHCString(parsing: input) }
    }
}
