/// What the browser keeps of a login session: the two values the web layer puts into cookies
/// (`Secure`, `HttpOnly`, `SameSite=Lax`).
///
/// Both are 43 characters of base64url. The store holds neither: only a keyed digest of the id,
/// and the data key sealed under the seal (design §6), so a copy of the database opens no
/// session and reveals no personal data.
public struct SessionCookie: Sendable, Hashable, CustomStringConvertible {
    /// 256 random bits naming the session (issue: "the cookie holds only a random 256-bit id").
    public let sessionID: String
    /// The ``PforteCrypto/SessionSeal`` key that opens the session's copy of the data key.
    public let sealValue: String

    public init(sessionID: String, sealValue: String) {
        self.sessionID = sessionID
        self.sealValue = sealValue
    }

    /// Redacted: both values are credentials.
    public var description: String { "SessionCookie(redacted)" }
}
