public import Foundation
import Crypto

/// Bytes sealed with AES-256-GCM: an account's personal data under its ``AccountDataKey``
/// (design §6), or a session record under its ``SessionSeal``.
///
/// Stored format, version 1: `0x01 ‖ nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes)`, so
/// 29 bytes plus the plaintext's length. The version byte comes first so that a later format
/// (another cipher, padding) can be told apart from this one without trial decryption.
///
/// The associated data is the version byte followed by the context fields, each as a 4-byte
/// big-endian length and its UTF-8 bytes: for account data `"account" ‖ accountID ‖
/// purpose` (see ``SealingContext``). The length prefixes make the encoding unambiguous, so
/// no two different contexts authenticate the same bytes. The nonce is random: a data key
/// seals at most a few values per change of the user's data, far below the 2^32 messages
/// after which random 96-bit nonces risk a collision.
///
/// The ciphertext is as long as the plaintext; the length of a sealed profile is not hidden.
public struct SealedData: Sendable, Equatable {
    static let currentVersion: UInt8 = 1
    static let nonceLength = 12
    static let tagLength = 16
    static let minimumLength = 1 + nonceLength + tagLength

    /// The stored form, for a database blob column.
    public let bytes: Data

    /// Takes a stored blob, checking its version and minimum length. Whether it is authentic
    /// is only known when it is opened.
    public init(bytes: Data) throws(SealingError) {
        guard let version = bytes.first else { throw SealingError(.malformed, "sealed data is empty") }
        guard version == Self.currentVersion else {
            throw SealingError(.unsupportedVersion, "sealed data has format version \(version)")
        }
        guard bytes.count >= Self.minimumLength else {
            throw SealingError(.malformed, "sealed data is \(bytes.count) bytes, shorter than the \(Self.minimumLength) of nonce and tag")
        }
        self.bytes = Data(bytes)
    }

    private init(validated bytes: Data) {
        self.bytes = bytes
    }

    /// Seals `plaintext` for the account and purpose in `context`.
    public static func seal(_ plaintext: Data, with key: AccountDataKey, context: SealingContext) throws(SealingError) -> SealedData {
        try seal(plaintext, using: key.key, fields: context.associatedDataFields)
    }

    /// Seals the JSON encoding of `value`; open it with ``open(_:with:context:)``.
    ///
    /// Throws `EncodingError` if `value` cannot be encoded, otherwise as
    /// ``seal(_:with:context:)``.
    public static func seal(encoding value: some Encodable, with key: AccountDataKey, context: SealingContext) throws -> SealedData {
        try seal(JSONEncoder().encode(value), with: key, context: context)
    }

    /// Opens a blob sealed for the account and purpose in `context`.
    ///
    /// Fails with ``SealingError/Code/wrongKeyOrTampered`` for another account's key, for a
    /// blob sealed for another account or purpose, and for any changed byte.
    public func open(with key: AccountDataKey, context: SealingContext) throws(SealingError) -> Data {
        try open(using: key.key, fields: context.associatedDataFields)
    }

    /// Opens a blob made by ``seal(encoding:with:context:)`` and decodes its JSON.
    ///
    /// Throws `DecodingError` if the authentic plaintext is not a `Value`, otherwise as
    /// ``open(with:context:)``.
    public func open<Value: Decodable>(_ type: Value.Type, with key: AccountDataKey, context: SealingContext) throws -> Value {
        try JSONDecoder().decode(type, from: open(with: key, context: context))
    }

    /// Seals under any 256-bit key with the given associated-data fields; shared with
    /// ``SessionSeal`` so that both use one format.
    static func seal(_ plaintext: Data, using key: SymmetricKey, fields: [String]) throws(SealingError) -> SealedData {
        let box: AES.GCM.SealedBox
        do {
            box = try AES.GCM.seal(plaintext, using: key, authenticating: associatedData(fields))
        } catch {
            throw SealingError(.primitiveFailed, "AES-GCM sealing failed: \(error)")
        }
        // `combined` is nil only for nonces other than the default 12 bytes, which we never use.
        guard let combined = box.combined else { preconditionFailure("AES-GCM box without 12-byte nonce") }
        return SealedData(validated: Data([Self.currentVersion]) + combined)
    }

    /// Opens under any 256-bit key with the given associated-data fields.
    func open(using key: SymmetricKey, fields: [String]) throws(SealingError) -> Data {
        let box: AES.GCM.SealedBox
        do {
            box = try AES.GCM.SealedBox(combined: bytes.dropFirst())
        } catch {
            throw SealingError(.malformed, "sealed data is too short")
        }
        do {
            return try AES.GCM.open(box, using: key, authenticating: Self.associatedData(fields))
        } catch {
            throw SealingError(.wrongKeyOrTampered, "sealed data does not open with this key and context")
        }
    }

    /// `version ‖ (4-byte big-endian length ‖ UTF-8)` for each field.
    private static func associatedData(_ fields: [String]) -> Data {
        lengthPrefixed(fields, after: Data([currentVersion]))
    }

    /// `prefix ‖ (4-byte big-endian length ‖ UTF-8)` for each field: an unambiguous encoding,
    /// shared with ``RecipientSealedData``'s HPKE `info`.
    static func lengthPrefixed(_ fields: [String], after prefix: Data) -> Data {
        var data = prefix
        for field in fields {
            let utf8 = Data(field.utf8)
            withUnsafeBytes(of: UInt32(utf8.count).bigEndian) { data.append(contentsOf: $0) }
            data.append(utf8)
        }
        return data
    }
}

extension SealingContext {
    /// The associated-data fields of account data; `"account"` keeps them apart from session
    /// records even if a session id equalled an account id.
    var associatedDataFields: [String] { ["account", accountID, purpose] }
}
