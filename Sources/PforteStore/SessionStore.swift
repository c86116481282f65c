public import Foundation

/// A server-side single sign-on session (design §4, §6). The cookie holds the random session
/// id; the store holds only its digest, so a copy of the database lets nobody into a session.
public struct SessionRecord: Sendable, Equatable {
    public var idDigest: SecretDigest
    public var accountID: String
    /// The unwrapped account data key and whatever else the session carries, sealed with a key
    /// that only the session cookie holds (design §6).
    public var sealedPayload: Data
    /// The Pforte trust level reached (`normal`, `substantiell`, `hoch`; design §3).
    public var trustLevel: String
    /// Authentication method references (RFC 8176 values such as `pwd`), none containing a space.
    public var amr: [String]
    /// When the user last actively authenticated (OIDC `auth_time`).
    public var authTime: Date
    /// The latest authentication at each level above `normal`, by level name: a level's
    /// maximum age (`session.level_max_age.*`) counts from it.
    public var levelAuthTimes: [String: Date]
    public var createdAt: Date
    public var lastSeenAt: Date
    /// The absolute end, however active the user is (design §4: default 12 h).
    public var expiresAt: Date
    /// Inactivity after which the session ends (design §4: default 20 minutes).
    public var idleTimeoutSeconds: Int
    /// The browser and system family the session started in (``PforteCore/BrowserFamily``'s
    /// stored form), for the citizen's list of sessions; never the User-Agent itself. Empty for
    /// sessions started before it was recorded.
    public var browser: String

    public init(idDigest: SecretDigest, accountID: String, sealedPayload: Data, trustLevel: String, amr: [String],
                authTime: Date, levelAuthTimes: [String: Date] = [:], createdAt: Date, lastSeenAt: Date, expiresAt: Date,
                idleTimeoutSeconds: Int, browser: String = "") {
        self.idDigest = idDigest
        self.accountID = accountID
        self.sealedPayload = sealedPayload
        self.trustLevel = trustLevel
        self.amr = amr
        self.authTime = authTime
        self.levelAuthTimes = levelAuthTimes
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
        self.expiresAt = expiresAt
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.browser = browser
    }
}

/// A session that a deletion or purge ended: what the caller needs to notify the relying
/// parties that took part in it (OIDC back-channel logout, SAML SLO).
public struct EndedSession: Sendable, Hashable {
    public var idDigest: SecretDigest
    public var accountID: String

    public init(idDigest: SecretDigest, accountID: String) {
        self.idDigest = idDigest
        self.accountID = accountID
    }
}

/// Server-side SSO sessions, shared by every node.
///
/// A session is over at its absolute expiry or when it has been idle for its idle timeout,
/// whichever comes first; the store then no longer finds or touches it, and
/// ``purgeExpired(now:)`` removes it.
public protocol SessionStore: Sendable {
    /// Stores a new session. Throws ``AccountStoreError/Code/accountNotFound`` when there is
    /// no such account.
    func create(_ session: SessionRecord) async throws

    /// The session while it is not over at `now`.
    func find(idDigest: SecretDigest, now: Date) async throws -> SessionRecord?

    /// The account's sessions not over at `now`, the most recently active first: the citizen's
    /// list of where they are logged in.
    func sessions(accountID: String, now: Date) async throws -> [SessionRecord]

    /// Restarts the idle timer; one cheap statement, for every request with a session.
    ///
    /// - Returns: `false` when the session is unknown or already over at `lastSeenAt` — then
    ///   the user must log in again; nothing is revived.
    func touch(idDigest: SecretDigest, lastSeenAt: Date) async throws -> Bool

    /// Records a new authentication within the session (a step-up). Throws
    /// ``AccountStoreError/Code/sessionNotFound`` when it is unknown. Raising the level is a
    /// change of privilege: prefer ``rotate(oldDigest:newSession:)``, which also changes the id.
    func updateAuthentication(idDigest: SecretDigest, trustLevel: String, amr: [String], authTime: Date,
                              levelAuthTimes: [String: Date], sealedPayload: Data) async throws

    /// Replaces a session by a new one under a new id, in one transaction — at login, so that an
    /// id planted before the login is worthless afterwards (session fixation). Of two rotations
    /// of one session only the first succeeds; the other throws
    /// ``AccountStoreError/Code/sessionNotFound`` and creates nothing.
    ///
    /// - Returns: the ended session, which may belong to another account than the new one.
    @discardableResult
    func rotate(oldDigest: SecretDigest, newSession: SessionRecord) async throws -> EndedSession

    /// Ends one session (logout). Returns whether it existed.
    @discardableResult
    func delete(idDigest: SecretDigest) async throws -> Bool

    /// Ends every session of the account (logout everywhere, password reset).
    @discardableResult
    func deleteAll(accountID: String) async throws -> [EndedSession]

    /// Removes sessions over at `now`, by idle time or absolute expiry.
    func purgeExpired(now: Date) async throws -> [EndedSession]
}
