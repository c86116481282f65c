import Crypto
import Foundation

/// An ``AccountDataKey`` wrapped under one of the user's secrets (design §6): stored once per
/// secret the user has, any one of them unwraps it.
///
/// The key-encryption key (KEK) is 32 bytes of raw Argon2id output over the secret (see
/// ``SecretKind`` for normalisation) and a fresh random 16-byte salt, with the same
/// configurable ``Argon2Parameters`` as password hashes, so guessing a secret from a stolen
/// wrapping costs as much as guessing it from the PHC hash. The data key is sealed under the
/// KEK with AES-256-GCM rather than AES key wrap (RFC 3394/5649): key wrap has no associated
/// data, and the wrapping must bind the ``SecretKind`` and its own header; GCM's nonce limits
/// do not matter because every KEK, with its own salt, encrypts exactly one message; and the
/// wrong-secret check is the AEAD tag comparison, constant-time by construction.
///
/// Stored form, version 1: Base64url without padding (119 characters) of 89 bytes
/// `0x01 ‖ m ‖ t ‖ p ‖ salt (16) ‖ nonce (12) ‖ encrypted key (32) ‖ tag (16)`, where m
/// (memory in KiB), t (passes) and p (lanes) are 4-byte big-endian integers. The associated
/// data is the 29-byte header `0x01 ‖ m ‖ t ‖ p ‖ salt` followed by the kind's label, so the
/// header is authenticated and the parameters can change later: compare ``parameters`` with
/// the configured ones after a successful unwrap and wrap afresh, as with
/// ``PasswordVerification/valid(needsRehash:)``. Parameters are validated when the stored
/// form is parsed, so a planted wrapping cannot make unwrapping allocate more memory than
/// ``Argon2Parameters`` allows.
///
/// - Important: For the password, this is the wrapping of accounts whose password was set
///   before ``PasswordKeyHash``: a login then ran Argon2id twice (the PHC hash, then this KEK,
///   which cannot be derived from the PHC hash's output without the database alone opening the
///   data key). Such a wrapping is replaced by a ``PasswordWrappedDataKey`` at the account's
///   next login. The secret answer and the eID secret keep this form: nothing else evaluates
///   Argon2id over them. Like ``PasswordHasher``, `wrap` and `unwrap` are synchronous and must
///   run off the event loop.
public struct WrappedDataKey: Sendable, Equatable {
    static let currentVersion: UInt8 = 1
    /// Fixed by format version 1, not taken from ``PasswordHasher``, so that a change there
    /// cannot silently change how stored wrappings are parsed.
    static let saltLength = 16
    static let headerLength = 1 + 3 * 4 + saltLength
    static let wrappedKeyLength = SealedData.nonceLength + AccountDataKey.byteCount + SealedData.tagLength
    static let storedByteCount = headerLength + wrappedKeyLength
    /// Base64url length of ``storedByteCount`` bytes without padding.
    static let storedFormLength = (storedByteCount * 4 + 2) / 3

    /// The Argon2id parameters the KEK was derived with.
    public let parameters: Argon2Parameters
    /// `version ‖ m ‖ t ‖ p ‖ salt`, authenticated as associated data.
    private let header: Data
    /// `nonce ‖ encrypted key ‖ tag`.
    private let wrappedKey: Data

    /// Wraps `dataKey` under `secret`, deriving the KEK with a fresh salt.
    ///
    /// Pass the parameters ``PasswordHasher`` is configured with, so both evaluations at
    /// login cost the same. To re-wrap after a password reset, unwrap with the secret answer
    /// and wrap the same key under the new password; the new wrapping replaces the old one.
    public static func wrap(
        _ dataKey: AccountDataKey, secret: String, kind: SecretKind, parameters: Argon2Parameters
    ) throws(SealingError) -> WrappedDataKey {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<saltLength).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        var header = Data([currentVersion])
        for value in [parameters.memoryKiB, parameters.iterations, parameters.parallelism] {
            withUnsafeBytes(of: UInt32(value).bigEndian) { header.append(contentsOf: $0) }
        }
        header.append(contentsOf: salt)
        let kek = try deriveKEK(kind.keyDerivationInput(secret), salt: salt, parameters: parameters)
        let box: AES.GCM.SealedBox
        do {
            box = try AES.GCM.seal(dataKey.bytes, using: kek, authenticating: associatedData(header: header, kind: kind))
        } catch {
            throw SealingError(.primitiveFailed, "AES-GCM sealing failed: \(error)")
        }
        // `combined` is nil only for nonces other than the default 12 bytes, which we never use.
        guard let combined = box.combined else { preconditionFailure("AES-GCM box without 12-byte nonce") }
        return WrappedDataKey(parameters: parameters, header: header, wrappedKey: combined)
    }

    private init(parameters: Argon2Parameters, header: Data, wrappedKey: Data) {
        self.parameters = parameters
        self.header = header
        self.wrappedKey = wrappedKey
    }

    /// Parses a stored form, validating version, length and Argon2 parameters. Nothing is
    /// derived or allocated beyond the string's bytes.
    public init(storedForm: String) throws(SealingError) {
        let bytes = try Self.decode(storedForm, atMost: Self.storedFormLength)
        guard let version = bytes.first else { throw SealingError(.malformed, "wrapped key is empty") }
        guard version == Self.currentVersion else {
            throw SealingError(.unsupportedVersion, "wrapped key has format version \(version)")
        }
        guard bytes.count == Self.storedByteCount else {
            throw SealingError(.malformed, "wrapped key is \(bytes.count) bytes, not \(Self.storedByteCount)")
        }
        let integers = (0..<3).map { index in
            bytes.dropFirst(1 + 4 * index).prefix(4).reduce(0) { $0 << 8 | Int($1) }
        }
        do throws(PasswordHashingError) {
            parameters = try Argon2Parameters(memoryKiB: integers[0], iterations: integers[1], parallelism: integers[2])
        } catch {
            throw SealingError(.malformed, "wrapped key has unacceptable Argon2 parameters: \(error.reason)")
        }
        header = Data(bytes.prefix(Self.headerLength))
        wrappedKey = Data(bytes.dropFirst(Self.headerLength))
    }

    /// The bytes of a stored wrapping of any version, its length checked before decoding.
    static func decode(_ storedForm: String, atMost maximumLength: Int) throws(SealingError) -> Data {
        guard storedForm.utf8.count <= maximumLength else {
            throw SealingError(.malformed, "wrapped key is \(storedForm.utf8.count) characters, more than \(maximumLength)")
        }
        guard let bytes = Data(base64URLEncoded: storedForm) else {
            throw SealingError(.malformed, "wrapped key is not canonical unpadded Base64url")
        }
        return bytes
    }

    /// The text to store, one per secret kind and account.
    public var storedForm: String {
        (header + wrappedKey).base64URLEncoded
    }

    /// Recovers the data key with `secret`.
    ///
    /// A wrong secret, a wrapping of another kind, or any changed byte all fail alike with
    /// ``SealingError/Code/wrongKeyOrTampered`` after the full Argon2id cost.
    public func unwrap(secret: String, kind: SecretKind) throws(SealingError) -> AccountDataKey {
        let kek = try Self.deriveKEK(kind.keyDerivationInput(secret), salt: Array(header.suffix(Self.saltLength)), parameters: parameters)
        let plaintext: Data
        do {
            let box = try AES.GCM.SealedBox(combined: wrappedKey)
            plaintext = try AES.GCM.open(box, using: kek, authenticating: Self.associatedData(header: header, kind: kind))
        } catch {
            throw SealingError(.wrongKeyOrTampered, "the \(kind.associatedDataLabel) wrapping does not open with this secret")
        }
        return try AccountDataKey(authenticatedBytes: plaintext)
    }

    private static func associatedData(header: Data, kind: SecretKind) -> Data {
        header + Data(kind.associatedDataLabel.utf8)
    }

    /// Raw Argon2id output used directly as the AES-256 key. The salt is fresh per wrapping
    /// and independent of the PHC hash's salt, so the KEK is unrelated to anything stored.
    private static func deriveKEK(_ secret: [UInt8], salt: [UInt8], parameters: Argon2Parameters) throws(SealingError) -> SymmetricKey {
        do throws(PasswordHashingError) {
            return SymmetricKey(data: try Argon2id.derive(secret, salt: salt, parameters: parameters, outputLength: AccountDataKey.byteCount))
        } catch {
            throw SealingError(.primitiveFailed, "Argon2id failed: \(error.reason)")
        }
    }
}
