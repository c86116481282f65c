public import Foundation
import Crypto

/// The private half of a key pair to which data is sealed (design §6, "Organisations get a key
/// pair; the private key is stored wrapped for each authorised member").
///
/// Two kinds of holder use it: an organisation, whose private key is wrapped to each member;
/// and an account, whose key pair receives those wrappings (its private key sealed under the
/// account's ``AccountDataKey``, so only a live session of that account opens it). An admin
/// can thus grant a member access without the member's secrets, and the server alone, with the
/// database and without a session, can open nothing.
///
/// X25519 (HPKE KEM `DHKEM(X25519, HKDF-SHA256)`, RFC 9180 §7.1). Like ``AccountDataKey``
/// it is not `Codable`, offers its bytes only to this module, and redacts its description.
public struct PrivateSealingKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let key: Curve25519.KeyAgreement.PrivateKey

    /// A fresh random key pair.
    public static func generate() -> PrivateSealingKey {
        PrivateSealingKey(key: Curve25519.KeyAgreement.PrivateKey())
    }

    private init(key: Curve25519.KeyAgreement.PrivateKey) {
        self.key = key
    }

    /// The public half, stored in clear.
    public var publicKey: PublicSealingKey {
        PublicSealingKey(key: key.publicKey)
    }

    /// Seals this private key under an account's data key (an account's own key pair).
    public func seal(with dataKey: AccountDataKey, context: SealingContext) throws(SealingError) -> SealedData {
        try SealedData.seal(key.rawRepresentation, with: dataKey, context: context)
    }

    /// Opens a private key sealed by ``seal(with:context:)``.
    public init(opening sealed: SealedData, with dataKey: AccountDataKey, context: SealingContext) throws(SealingError) {
        try self.init(authenticatedBytes: sealed.open(with: dataKey, context: context))
    }

    /// Wraps this private key to a holder's public key (an organisation's key for one member).
    /// `context` binds the wrapping to its place, for example organisation and member.
    public func wrap(for recipient: PublicSealingKey, context: [String]) throws(SealingError) -> RecipientSealedData {
        try RecipientSealedData.seal(key.rawRepresentation, to: recipient, context: context)
    }

    /// Unwraps a private key wrapped by ``wrap(for:context:)`` with the recipient's private key.
    public init(unwrapping wrapped: RecipientSealedData, with recipient: PrivateSealingKey, context: [String]) throws(SealingError) {
        try self.init(authenticatedBytes: wrapped.open(with: recipient, context: context))
    }

    private init(authenticatedBytes bytes: Data) throws(SealingError) {
        do {
            self.init(key: try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: bytes))
        } catch {
            throw SealingError(.malformed, "authentic plaintext is \(bytes.count) bytes, not an X25519 private key")
        }
    }

    public var description: String { "PrivateSealingKey(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

/// The public half of a ``PrivateSealingKey``: anyone may seal to it, only the private half
/// opens. Stored in clear as its 32 raw bytes.
public struct PublicSealingKey: Sendable, Equatable {
    let key: Curve25519.KeyAgreement.PublicKey

    init(key: Curve25519.KeyAgreement.PublicKey) {
        self.key = key
    }

    /// Reads the stored 32 bytes.
    public init(bytes: Data) throws(SealingError) {
        do {
            key = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: bytes)
        } catch {
            throw SealingError(.malformed, "public sealing key is \(bytes.count) bytes, not an X25519 public key")
        }
    }

    /// The form to store.
    public var bytes: Data { key.rawRepresentation }

    public static func == (lhs: PublicSealingKey, rhs: PublicSealingKey) -> Bool {
        lhs.bytes == rhs.bytes
    }
}
