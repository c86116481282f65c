public import Foundation

/// The SHA-256 digest of a secret that the store must never hold itself: a token sent by mail,
/// a session id kept in a cookie.
///
/// Whoever reads the database sees only digests, which cannot be turned back into a working
/// link or cookie. The caller computes the digest (PforteStore has no hash function of its
/// own); the store only checks its length.
public struct SecretDigest: Hashable, Sendable, CustomStringConvertible {
    public static let byteCount = 32

    public let bytes: Data

    public init(_ bytes: Data) throws {
        guard bytes.count == Self.byteCount else {
            throw AccountStoreError(.notADigest, "a secret digest is \(Self.byteCount) bytes (SHA-256), not \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// Not the bytes: digests end up in log lines through string interpolation.
    public var description: String { "SecretDigest(\(Self.byteCount) bytes)" }
}
