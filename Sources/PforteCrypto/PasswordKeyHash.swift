import Crypto
import Foundation

/// A password hash whose single Argon2id evaluation also yields the key that wraps the account's
/// data key (issue #20): one Argon2id per login instead of two.
///
/// Stored in PHC syntax under an identifier of its own,
/// `$pforte-argon2id-hkdf$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<verifier>`, because the last
/// field is not Argon2id's output (libargon2 must not be asked to verify it): Argon2id's 32-byte
/// output is the input key material of HKDF-SHA256 (RFC 5869), expanded once with the label
/// ``verifierLabel`` into the stored verifier and once with ``wrappingKeyLabel`` into the
/// ``PasswordWrappingKey``. Outputs of HKDF under distinct labels are independent, so the
/// stored verifier tells nothing about the wrapping key: the database alone still opens no
/// data key. A guess costs an attacker one Argon2id as before; the server now pays one too.
///
/// Like ``PasswordHasher``, this is deliberately slow and synchronous: run it off the event loop.
public struct PasswordKeyHash: Sendable {
    /// The PHC identifier of this construction. Part of the stored format: never change it.
    public static let identifier = "pforte-argon2id-hkdf"
    static let verifierLabel = Data("pforte password verifier v1".utf8)
    static let wrappingKeyLabel = Data("pforte password wrapping key v1".utf8)
    static let outputLength = 32

    public let parameters: Argon2Parameters

    public init(parameters: Argon2Parameters = .default) {
        self.parameters = parameters
    }

    /// Whether `stored` is of this construction (rather than a plain Argon2id PHC string).
    public static func isKeyHash(_ stored: String) -> Bool {
        stored.hasPrefix("$\(identifier)$")
    }

    /// A stored hash for `password` with a fresh salt, and the wrapping key that goes with it.
    public func hash(_ password: String) throws(PasswordHashingError) -> (hash: String, key: PasswordWrappingKey) {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<PasswordHasher.saltLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let output = try Self.argon2id(password, salt: salt, parameters: parameters)
        let stored = PHCString(parameters: parameters, salt: salt, hash: Self.verifier(from: output))
        return (stored.encoded(identifier: Self.identifier), PasswordWrappingKey(Self.wrappingKey(from: output)))
    }

    /// Checks `password` against a stored hash of this construction and, when it matches,
    /// returns its wrapping key. A stored string that does not parse is `nil` without any
    /// Argon2id work; callers that must not reveal that (an unknown account) compare against a
    /// well-formed hash.
    public func open(_ password: String, against stored: String) -> PasswordKeyOpening {
        guard let parsed = try? PHCString(parsing: stored, identifier: Self.identifier),
              parsed.hash.count == Self.outputLength,
              let output = try? Self.argon2id(password, salt: parsed.salt, parameters: parsed.parameters)
        else { return .invalid }
        guard parsed.hashEquals(Self.verifier(from: output)) else { return .invalid }
        let needsRehash = parsed.parameters != parameters || parsed.salt.count != PasswordHasher.saltLength
        return .valid(PasswordWrappingKey(Self.wrappingKey(from: output)), needsRehash: needsRehash)
    }

    private static func argon2id(_ password: String, salt: [UInt8], parameters: Argon2Parameters) throws(PasswordHashingError) -> SymmetricKey {
        SymmetricKey(data: try Argon2id.derive(PasswordHasher.normalizedBytes(password), salt: salt, parameters: parameters,
                                               outputLength: outputLength))
    }

    private static func verifier(from output: SymmetricKey) -> [UInt8] {
        HKDF<SHA256>.expand(pseudoRandomKey: output, info: verifierLabel, outputByteCount: outputLength)
            .withUnsafeBytes { Array($0) }
    }

    private static func wrappingKey(from output: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.expand(pseudoRandomKey: output, info: wrappingKeyLabel, outputByteCount: outputLength)
    }
}

/// The outcome of ``PasswordKeyHash/open(_:against:)``.
public enum PasswordKeyOpening: Sendable {
    /// Wrong password, or a stored string that is not a well-formed hash of this construction.
    case invalid
    /// The password matches; `needsRehash` as in ``PasswordVerification/valid(needsRehash:)``.
    case valid(PasswordWrappingKey, needsRehash: Bool)
}

/// The key that wraps an account's data key under its password (``PasswordKeyHash``). Exists
/// only in memory, and its descriptions are redacted like ``AccountDataKey``'s.
public struct PasswordWrappingKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let key: SymmetricKey

    init(_ key: SymmetricKey) {
        self.key = key
    }

    public var description: String { "PasswordWrappingKey(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
