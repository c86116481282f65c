import Foundation

/// Hashes and verifies passwords with Argon2id (RFC 9106, ``Argon2id``: libsodium, or libargon2
/// for what libsodium does not compute).
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
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<Self.saltLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let tag = try Argon2id.derive(Self.normalizedBytes(password), salt: salt, parameters: parameters, outputLength: Self.hashLength)
        return PHCString(parameters: parameters, salt: salt, hash: tag).encoded()
    }

    /// Checks `password` against a stored PHC string.
    ///
    /// The tag comparison is constant-time. A stored string that is not a well-formed Argon2id
    /// v=19 hash within the accepted bounds is `.invalid`.
    public func verify(_ password: String, against phc: String) -> PasswordVerification {
        guard let stored = try? PHCString(parsing: phc),
              let tag = try? Argon2id.derive(Self.normalizedBytes(password), salt: stored.salt, parameters: stored.parameters,
                                             outputLength: stored.hash.count),
              stored.hashEquals(tag)
        else { return .invalid }
        let needsRehash = stored.parameters != parameters
            || stored.salt.count != Self.saltLength
            || stored.hash.count != Self.hashLength
        return .valid(needsRehash: needsRehash)
    }

    static func normalizedBytes(_ password: String) -> [UInt8] {
        Array(password.precomposedStringWithCanonicalMapping.utf8)
    }
}
