public import Foundation
public import PforteCore
import PforteCrypto
import PforteStore

/// A live login session, opened with its cookie: who is logged in, how strongly, since when,
/// and the account's data key (design §6), with which the session's flows open the account's
/// sealed data.
public struct AuthenticatedSession: Sendable, CustomStringConvertible {
    public let accountID: AccountID
    /// The level the session holds now (design §3): a password login reaches
    /// ``TrustLevel/normal``; a higher level holds while its latest authentication is within
    /// its maximum age (``PforteCore/LevelMaxAges``).
    public let trustLevel: TrustLevel
    /// The highest level the session reached whose maximum age has passed, with that age: why
    /// a portal asking for it sends the citizen to authenticate again.
    public let lapsedLevel: (level: TrustLevel, maxAge: TimeInterval)?
    /// How the user authenticated (OIDC `amr`).
    public let methods: [AuthenticationMethod]
    /// When the user last actively authenticated (OIDC `auth_time`).
    public let authTime: Date
    /// The session's absolute end (SAML `SessionNotOnOrAfter`); a re-authentication does not
    /// move it.
    public let expiresAt: Date
    /// The digest the store knows the session by.
    let idDigest: SecretDigest
    /// Only in memory; never leaves this module.
    let dataKey: AccountDataKey

    init(record: SessionRecord, dataKey: AccountDataKey, levelMaxAges: LevelMaxAges, now: Date) throws {
        guard let accountID = AccountID(record.accountID),
              let reached = TrustLevel(rawValue: record.trustLevel),
              let authentications = Self.levelAuthentications(record.levelAuthTimes)
        else { throw AccountError(.storedDataUnreadable) }
        let methods = record.amr.compactMap(AuthenticationMethod.init(rawValue:))
        guard methods.count == record.amr.count else { throw AccountError(.storedDataUnreadable) }
        self.accountID = accountID
        trustLevel = min(reached, levelMaxAges.level(authentications, now: now))
        lapsedLevel = reached > trustLevel ? levelMaxAges.maxAge(of: reached).map { (reached, $0) } : nil
        self.methods = methods
        self.authTime = record.authTime
        self.expiresAt = record.expiresAt
        self.idDigest = record.idDigest
        self.dataKey = dataKey
    }

    /// Whether the user logged in with another Land's account (issue #7): the account then has
    /// no password, secret answer or e-mail login here, and its Land owns its data.
    public var isFederated: Bool {
        methods.contains(.federation)
    }

    /// Names the session to relying parties (OIDC `sid`, back-channel logout tokens) without
    /// revealing its cookie: the keyed digest the store knows the session by cannot be turned
    /// back into the session id, and lets a logout find the session directly.
    public var sessionReference: String {
        idDigest.bytes.base64URLEncoded
    }

    /// The session's latest authentication (``PforteCore/AuthenticationReference``): what a
    /// request that sends the user to log in compares against afterwards.
    public var authenticationReference: String {
        AuthenticationReference.of(sessionReference: sessionReference, authTime: authTime)
    }

    static func levelAuthentications(_ stored: [String: Date]) -> LevelAuthentications? {
        var latest: [TrustLevel: Date] = [:]
        for (name, instant) in stored {
            guard let level = TrustLevel(rawValue: name) else { return nil }
            latest[level] = instant
        }
        return LevelAuthentications(latest)
    }

    public var description: String {
        "AuthenticatedSession(account: \(accountID), level: \(trustLevel.rawValue))"
    }
}
