import Crypto
import Foundation

/// An ``AccountDataKey`` wrapped under the ``PasswordWrappingKey`` of the account's
/// ``PasswordKeyHash`` (issue #20): the key comes from the login's own Argon2id evaluation, so
/// this wrapping holds no salt or parameters of its own (they are the hash's).
///
/// Stored form, version 2 of the password wrapping (version 1 is ``WrappedDataKey``, which
/// derives its key by a second Argon2id): Base64url without padding (82 characters) of 61 bytes
/// `0x02 ‖ nonce (12) ‖ encrypted key (32) ‖ tag (16)`, AES-256-GCM with the associated data
/// `0x02 ‖ "password"`. A hash and a wrapping belong together: both are replaced at once
/// whenever the password changes.
public struct PasswordWrappedDataKey: Sendable, Equatable {
    static let version: UInt8 = 2
    static let storedByteCount = 1 + SealedData.nonceLength + AccountDataKey.byteCount + SealedData.tagLength
    static let storedFormLength = (storedByteCount * 4 + 2) / 3
    private static let associatedData = Data([version]) + Data(SecretKind.password.associatedDataLabel.utf8)

    /// `nonce ‖ encrypted key ‖ tag`.
    private let wrappedKey: Data

    /// Wraps `dataKey` under `key`.
    public static func wrap(_ dataKey: AccountDataKey, under key: PasswordWrappingKey) throws(SealingError) -> PasswordWrappedDataKey {
        let box: AES.GCM.SealedBox
        do {
            box = try AES.GCM.seal(dataKey.bytes, using: key.key, authenticating: associatedData)
        } catch {
            throw SealingError(.primitiveFailed, "AES-GCM sealing failed: \(error)")
        }
        guard let combined = box.combined else { preconditionFailure("AES-GCM box without 12-byte nonce") }
        return PasswordWrappedDataKey(wrappedKey: combined)
    }

    private init(wrappedKey: Data) {
        self.wrappedKey = wrappedKey
    }

    /// Parses a stored form, validating version and length.
    public init(storedForm: String) throws(SealingError) {
        let bytes = try WrappedDataKey.decode(storedForm, atMost: Self.storedFormLength)
        guard bytes.first == Self.version else {
            throw SealingError(.unsupportedVersion, "wrapped key has format version \(bytes.first.map(String.init) ?? "none")")
        }
        guard bytes.count == Self.storedByteCount else {
            throw SealingError(.malformed, "wrapped key is \(bytes.count) bytes, not \(Self.storedByteCount)")
        }
        wrappedKey = Data(bytes.dropFirst())
    }

    /// The text to store in the account's password wrapping.
    public var storedForm: String {
        (Data([Self.version]) + wrappedKey).base64URLEncoded
    }

    /// Recovers the data key. A wrong key or any changed byte fails with
    /// ``SealingError/Code/wrongKeyOrTampered``.
    public func unwrap(with key: PasswordWrappingKey) throws(SealingError) -> AccountDataKey {
        let plaintext: Data
        do {
            plaintext = try AES.GCM.open(AES.GCM.SealedBox(combined: wrappedKey), using: key.key, authenticating: Self.associatedData)
        } catch {
            throw SealingError(.wrongKeyOrTampered, "the password wrapping does not open with this key")
        }
        return try AccountDataKey(authenticatedBytes: plaintext)
    }
}
