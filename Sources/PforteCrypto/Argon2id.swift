import CArgon2
import CSodium

/// Raw Argon2id (RFC 9106, version 0x13): the one evaluation behind every password hash and
/// wrapping key.
///
/// Two implementations give the same output. libsodium's `crypto_pwhash` picks SSSE3/AVX2 code
/// at run time; Debian builds libargon2 with its portable reference code only, which takes
/// about twice as long per hash on the same core (`pforte benchmark` measures both). libsodium
/// computes one lane and 16-byte salts only, so other parameters (a configured parallelism
/// above 1, a planted stored hash with another salt length) go to libargon2.
public enum Argon2id {
    /// Which library computes an evaluation.
    public enum Implementation: String, CaseIterable, Sendable {
        case libsodium
        case libargon2
    }

    /// sodium_init() once per process, before the first libsodium call (it is thread-safe and
    /// idempotent; a global's initialiser runs once).
    private static let sodiumIsReady = sodium_init() >= 0

    /// The implementation ``derive(_:salt:parameters:outputLength:using:)`` picks for these inputs.
    public static func implementation(for parameters: Argon2Parameters, saltLength: Int) -> Implementation {
        parameters.parallelism == 1 && saltLength == Int(crypto_pwhash_SALTBYTES) && sodiumIsReady ? .libsodium : .libargon2
    }

    /// `outputLength` bytes of Argon2id over `secret` and `salt`, by `implementation` or else by
    /// the one ``implementation(for:saltLength:)`` picks.
    public static func derive(
        _ secret: [UInt8], salt: [UInt8], parameters: Argon2Parameters, outputLength: Int,
        using implementation: Implementation? = nil
    ) throws(PasswordHashingError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: outputLength)
        switch implementation ?? Self.implementation(for: parameters, saltLength: salt.count) {
        case .libsodium:
            // An empty password still needs a valid pointer: a one-byte buffer, of which none is read.
            let result = (secret.isEmpty ? [0] : secret).withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { password in
                    guard let address = password.baseAddress else { return Int32(-1) }
                    return crypto_pwhash(
                        &output, UInt64(outputLength), address, UInt64(secret.count), salt,
                        UInt64(parameters.iterations), parameters.memoryKiB * 1024, crypto_pwhash_ALG_ARGON2ID13
                    )
                }
            }
            guard result == 0 else { throw PasswordHashingError(.hashingFailed, "libsodium's crypto_pwhash failed (out of memory?)") }
        case .libargon2:
            let result = argon2id_hash_raw(
                UInt32(parameters.iterations), UInt32(parameters.memoryKiB), UInt32(parameters.parallelism),
                secret, secret.count, salt, salt.count, &output, output.count
            )
            guard result == ARGON2_OK.rawValue else {
                throw PasswordHashingError(.hashingFailed, String(cString: argon2_error_message(result)))
            }
        }
        return output
    }
}
