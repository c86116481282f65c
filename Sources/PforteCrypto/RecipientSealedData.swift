public import Foundation
import Crypto

/// Bytes sealed to a ``PublicSealingKey`` with HPKE (RFC 9180) in base mode, suite
/// `DHKEM(X25519, HKDF-SHA256)`, `HKDF-SHA256`, `ChaCha20-Poly1305`: an organisation's data
/// sealed to its public key, or its private key wrapped to a member's public key (design §6).
///
/// HPKE rather than a home-made ECIES: the key schedule, nonce handling and encapsulation are
/// specified and implemented by swift-crypto. Each blob has its own ephemeral key, so one
/// message per HPKE context and the nonce is never reused.
///
/// Stored format, version 1: `0x01 ‖ encapsulated key (32) ‖ ciphertext ‖ tag (16)`. The HPKE
/// `info` is `"pforte-recipient-sealed" ‖ version ‖ context fields`, each field with a 4-byte
/// big-endian length, so a blob opens only in the place it was sealed for (organisation and
/// purpose, or organisation and member) — the same binding ``SealingContext`` gives
/// ``SealedData``.
public struct RecipientSealedData: Sendable, Equatable {
    static let currentVersion: UInt8 = 1
    static let encapsulatedKeyLength = 32
    static let tagLength = 16
    static let ciphersuite = HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly

    /// The stored form.
    public let bytes: Data

    /// Takes a stored blob, checking version and minimum length; authenticity shows on opening.
    public init(bytes: Data) throws(SealingError) {
        guard let version = bytes.first else { throw SealingError(.malformed, "recipient-sealed data is empty") }
        guard version == Self.currentVersion else {
            throw SealingError(.unsupportedVersion, "recipient-sealed data has format version \(version)")
        }
        guard bytes.count >= 1 + Self.encapsulatedKeyLength + Self.tagLength else {
            throw SealingError(.malformed, "recipient-sealed data is \(bytes.count) bytes, too short")
        }
        self.bytes = Data(bytes)
    }

    private init(validated bytes: Data) {
        self.bytes = bytes
    }

    /// Seals `plaintext` to `recipient` for the place named by `context`.
    public static func seal(_ plaintext: Data, to recipient: PublicSealingKey, context: [String]) throws(SealingError) -> RecipientSealedData {
        do {
            var sender = try HPKE.Sender(recipientKey: recipient.key, ciphersuite: ciphersuite, info: info(context))
            let ciphertext = try sender.seal(plaintext)
            return RecipientSealedData(validated: Data([currentVersion]) + sender.encapsulatedKey + ciphertext)
        } catch {
            throw SealingError(.primitiveFailed, "HPKE sealing failed: \(error)")
        }
    }

    /// Seals the JSON encoding of `value`.
    public static func seal(encoding value: some Encodable, to recipient: PublicSealingKey, context: [String]) throws -> RecipientSealedData {
        try seal(JSONEncoder().encode(value), to: recipient, context: context)
    }

    /// Opens with the recipient's private key. Another key, another context or any changed
    /// byte fail alike with ``SealingError/Code/wrongKeyOrTampered``.
    public func open(with recipient: PrivateSealingKey, context: [String]) throws(SealingError) -> Data {
        let encapsulated = bytes.dropFirst().prefix(Self.encapsulatedKeyLength)
        let ciphertext = bytes.dropFirst(1 + Self.encapsulatedKeyLength)
        do {
            var receiver = try HPKE.Recipient(privateKey: recipient.key, ciphersuite: Self.ciphersuite,
                                              info: Self.info(context), encapsulatedKey: Data(encapsulated))
            return try receiver.open(ciphertext)
        } catch {
            throw SealingError(.wrongKeyOrTampered, "recipient-sealed data does not open with this key and context")
        }
    }

    /// Opens a blob made by ``seal(encoding:to:context:)`` and decodes its JSON.
    public func open<Value: Decodable>(_ type: Value.Type, with recipient: PrivateSealingKey, context: [String]) throws -> Value {
        try JSONDecoder().decode(type, from: open(with: recipient, context: context))
    }

    private static func info(_ fields: [String]) -> Data {
        SealedData.lengthPrefixed(fields, after: Data("pforte-recipient-sealed".utf8) + Data([currentVersion]))
    }
}
