import Foundation
import CArgon2

/// Hashes and verifies passwords with Argon2id (RFC 9106) through libargon2.
///
/// Hashes are PHC strings (`$argon2id$v=19$m=7168,t=5,p=1$<salt>$<hash>`) with a 16-byte random
/// salt and a 32-byte tag, the sizes RFC 9106 §4 recommends.
///
/// Passwords are normalised to Unicode NFC before hashing (as the OpaqueString profile of
/// RFC 8265 does), so "ä" typed as one code point or as "a" plus a combining diaeresis is the
/// same password on every device.
///
/// - Important: Both `hash` and `verify` are deliberately slow and memory-hard (tens of
///   milliseconds of CPU and `memoryKiB` of RAM per call). They are synchronous; callers must
///   run them off the event loop, for example on `NIOThreadPool` or in a task on a dedicated
///   executor, and should bound how many run at once.
public struct PasswordHasher: Sendable {
    static let saltLength = 16
    static let hashLength = 32

    public let parameters: Argon2Parameters

    public init(parameters: Argon2Parameters = .default) {
        self.parameters = parameters
    }

    /// Returns a PHC string for `password` with a fresh random salt.
    public func hash(_ password: String) throws(PasswordHashingError) -> String {
        let secret = Self.normalizedBytes(password)
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<Self.saltLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let memory = UInt32(parameters.memoryKiB)
        let iterations = UInt32(parameters.iterations)
        let lanes = UInt32(parameters.parallelism)
        let encodedLength = argon2_encodedlen(
            iterations, memory, lanes, UInt32(Self.saltLength), UInt32(Self.hashLength), Argon2_id
        )
        var encoded = [CChar](repeating: 0, count: encodedLength)
        let result = argon2id_hash_encoded(
            iterations, memory, lanes,
            secret, secret.count,
            salt, salt.count,
            Self.hashLength,
            &encoded, encoded.count
        )
        guard result == ARGON2_OK.rawValue else {
            throw PasswordHashingError(.hashingFailed, String(cString: argon2_error_message(result)))
        }
        return String(decoding: encoded.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Checks `password` against a stored PHC string.
    ///
    /// The tag comparison is libargon2's constant-time one. A stored string that is not a
    /// well-formed Argon2id v=19 hash within the accepted bounds is `.invalid`.
    public func verify(_ password: String, against phc: String) -> PasswordVerification {
        guard let stored = try? PHCString(parsing: phc) else { return .invalid }
        let secret = Self.normalizedBytes(password)
        guard argon2id_verify(phc, secret, secret.count) == ARGON2_OK.rawValue else { return .invalid }
        let needsRehash = stored.parameters != parameters
            || stored.salt.count != Self.saltLength
            || stored.hash.count != Self.hashLength
        return .valid(needsRehash: needsRehash)
    }

    private static func normalizedBytes(_ password: String) -> [UInt8] {
        Array(password.precomposedStringWithCanonicalMapping.utf8)
    }
}
