import Crypto
public import Foundation
import PforteCrypto

/// Authorization codes and other bearer handles of the flow (pending-request handles): 256
/// random bits in base64url; the store keeps only their SHA-256 digest. A fast hash suffices
/// for values of this entropy (see ``ClientSecret``).
public enum BearerHandle {
    /// Codes are short-lived (RFC 6749 §4.1.2 recommends at most 10 minutes).
    public static let codeLifetime: TimeInterval = 60
    /// Enough to log in, or to register and come back, without leaving requests around.
    public static let pendingRequestLifetime: TimeInterval = 30 * 60

    public static func make() -> String {
        RandomToken.make()
    }

    /// The 32-byte digest the store keeps; `nil` for text that is no handle of ours, so
    /// arbitrary input never reaches a store query.
    public static func digest(of handle: String) -> Data? {
        guard handle.utf8.count == 43, Data(base64URLEncoded: handle)?.count == RandomToken.byteCount else { return nil }
        return Data(SHA256.hash(data: Data(handle.utf8)))
    }
}
