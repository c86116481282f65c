public import Foundation
import Crypto

/// The key that seals a session record (design §6): 256 random bits that live only in the
/// session cookie, never in the database.
///
/// While the user is logged in, the server-side session record holds the account's
/// ``AccountDataKey`` (and whatever else the session keeps), sealed under this key. A stolen
/// database therefore holds neither the data key nor anything that unwraps it; a stolen
/// cookie without the database holds no personal data either.
///
/// Blobs use the ``SealedData`` format with associated data `"session" ‖ sessionID ‖
/// what`, where `what` is `"data-key"` or `"payload"`: a record moved to another session id
/// fails to open, and a payload cannot be opened as a data key or vice versa.
///
/// `description`, `debugDescription` and the mirror are redacted; only ``cookieValue`` shows
/// the key, for writing the cookie.
public struct SessionSeal: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private static let byteCount = 32

    private let key: SymmetricKey

    /// A fresh random key, for a new session.
    public static func generate() -> SessionSeal {
        SessionSeal(key: SymmetricKey(size: .bits256))
    }

    private init(key: SymmetricKey) {
        self.key = key
    }

    /// Parses the cookie value: exactly 43 characters of canonical unpadded Base64url
    /// encoding 32 bytes. The cookie comes from the client, so anything else is refused.
    public init(cookieValue: String) throws(SealingError) {
        guard cookieValue.utf8.count == (Self.byteCount * 4 + 2) / 3,
              let bytes = Data(base64URLEncoded: cookieValue), bytes.count == Self.byteCount
        else {
            throw SealingError(.malformed, "session key is not 43 characters of canonical Base64url")
        }
        self.init(key: SymmetricKey(data: bytes))
    }

    /// The key as unpadded Base64url (43 characters), the value to put in the session cookie
    /// (`Secure`, `HttpOnly`).
    public var cookieValue: String {
        key.withUnsafeBytes { $0.base64URLEncoded }
    }

    /// Seals the account's data key for the session record of `sessionID`.
    public func seal(_ dataKey: AccountDataKey, sessionID: String) throws(SealingError) -> SealedData {
        try SealedData.seal(dataKey.bytes, using: key, fields: Self.fields(sessionID, "data-key"))
    }

    /// Opens the data key sealed by ``seal(_:sessionID:)``.
    public func openDataKey(_ sealed: SealedData, sessionID: String) throws(SealingError) -> AccountDataKey {
        try AccountDataKey(authenticatedBytes: sealed.open(using: key, fields: Self.fields(sessionID, "data-key")))
    }

    /// Seals other session payload bytes (for example attributes to release to relying
    /// parties) for the session record of `sessionID`.
    public func seal(payload: Data, sessionID: String) throws(SealingError) -> SealedData {
        try SealedData.seal(payload, using: key, fields: Self.fields(sessionID, "payload"))
    }

    /// Opens payload bytes sealed by ``seal(payload:sessionID:)``.
    public func openPayload(_ sealed: SealedData, sessionID: String) throws(SealingError) -> Data {
        try sealed.open(using: key, fields: Self.fields(sessionID, "payload"))
    }

    private static func fields(_ sessionID: String, _ what: String) -> [String] {
        ["session", sessionID, what]
    }

    public var description: String { "SessionSeal(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
