import Crypto
import Foundation

/// The per-account key that seals an account's personal data (design §6): profile, eID data,
/// later mailbox and document safe.
///
/// 256 random bits from the system's secure random generator. The key exists in plain form
/// only in memory: at rest it is stored wrapped under each of the user's secrets
/// (``WrappedDataKey``) and, while the user is logged in, sealed into the session record
/// (``SessionSeal``). It is therefore deliberately not `Codable` and offers no access to its
/// bytes, and its `description`, `debugDescription` and mirror are redacted so that string
/// interpolation, `print`, `dump` or a logged struct that holds it cannot leak it.
public struct AccountDataKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    static let byteCount = 32

    let key: SymmetricKey

    /// A fresh random key, for a new account (or for re-keying, which means re-sealing all of
    /// the account's data and re-wrapping the key under every secret).
    public static func generate() -> AccountDataKey {
        AccountDataKey(key: SymmetricKey(size: .bits256))
    }

    private init(key: SymmetricKey) {
        self.key = key
    }

    /// Rebuilds a key from an authentic plaintext (an unwrapped or unsealed copy).
    ///
    /// The plaintext has passed AES-GCM authentication, so a wrong length means someone who
    /// held a valid key sealed something other than a data key into that place.
    init(authenticatedBytes bytes: Data) throws(SealingError) {
        guard bytes.count == Self.byteCount else {
            throw SealingError(.malformed, "authentic plaintext is \(bytes.count) bytes, not a \(Self.byteCount)-byte data key")
        }
        self.init(key: SymmetricKey(data: bytes))
    }

    /// The raw key bytes, for sealing into a wrapping or a session record only.
    var bytes: Data {
        key.withUnsafeBytes { Data($0) }
    }

    public var description: String { "AccountDataKey(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
