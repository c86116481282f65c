import Foundation
import PforteCore
import PforteCrypto
import PforteStore

/// Starts login sessions (design §4, §6) and records re-authentications within them.
///
/// A login in a browser whose live session belongs to the same account — `prompt=login`,
/// `max_age`, `ForceAuthn`, an eID step-up, a Land login — keeps that session (issue #15): its id,
/// and so the OIDC `sid` and the SAML participants, stay; level, methods and `auth_time` are
/// updated, and the data key is sealed under a fresh ``SessionSeal``, so the cookie's secret
/// changes. Any other login starts a session under a fresh random id with a fresh seal, the data
/// key sealed under the seal, the record stored under the id's digest.
///
/// A login of *another* account in a browser with a live session never ends that session here:
/// the new session starts beside it, and the web layer asks the citizen whether to end the
/// current session everywhere (the person-switch page, issue #15) — a different person is never
/// substituted silently, and a session with participants is only ended by a logout that tells them.
struct SessionIssuer: Sendable {
    let environment: AccountEnvironment

    /// A session for `accountID` at `level` by `methods`: the browser's live session of the same
    /// account, re-authenticated, or a new one. A live session of another account stays (see
    /// above); a dead one the browser brought is replaced in one transaction
    /// (``SessionStore/rotate(oldDigest:newSession:)``). Either way the new session has a fresh
    /// id, so an id planted before the login is worthless after it (no session fixation).
    /// Every login is also added to the account's history (``LoginHistory``) once its session is
    /// stored, and a new session records the `browser` family it started in.
    func start(accountID: String, dataKey: AccountDataKey, level: TrustLevel, methods: [AuthenticationMethod],
               browser: BrowserFamily, replacing previousSessionID: String?) async throws -> (SessionCookie, AuthenticatedSession) {
        // Every login method ends here: a lock by the service desk refuses them all (issue #22).
        try await environment.refuseIfLocked(accountID)
        let started = try await startOrReauthenticate(accountID: accountID, dataKey: dataKey, level: level, methods: methods,
                                                      browser: browser, replacing: previousSessionID)
        try await LoginHistory(environment: environment).record(
            accountID: accountID, method: methods.first ?? .password, level: level, outcome: .succeeded, browser: browser
        )
        return started
    }

    private func startOrReauthenticate(
        accountID: String, dataKey: AccountDataKey, level: TrustLevel, methods: [AuthenticationMethod], browser: BrowserFamily,
        replacing previousSessionID: String?
    ) async throws -> (SessionCookie, AuthenticatedSession) {
        let now = environment.now()
        var replaced = previousSessionID
        if let previousSessionID,
           let live = try await environment.sessions.find(idDigest: environment.keys.digest(of: previousSessionID), now: now) {
            if live.accountID == accountID {
                return try await reauthenticate(live, sessionID: previousSessionID, dataKey: dataKey, level: level, methods: methods, now: now)
            }
            replaced = nil
        }
        let lifetime = environment.configuration.sessionLifetime
        let sessionID = RandomToken.make()
        let seal = SessionSeal.generate()
        var authentications = LevelAuthentications()
        authentications.record(level, at: now)
        let record = SessionRecord(
            idDigest: environment.keys.digest(of: sessionID), accountID: accountID,
            sealedPayload: try seal.seal(dataKey, sessionID: sessionID).bytes,
            trustLevel: level.rawValue, amr: methods.map(\.rawValue), authTime: now,
            levelAuthTimes: Self.stored(authentications), createdAt: now, lastSeenAt: now,
            expiresAt: now.addingTimeInterval(lifetime.absoluteLifetime),
            idleTimeoutSeconds: Int(lifetime.idleTimeout.rounded(.up)), browser: browser.storedValue
        )
        if let replaced {
            try await replace(replaced, with: record)
        } else {
            try await environment.sessions.create(record)
        }
        return (SessionCookie(sessionID: sessionID, sealValue: seal.cookieValue),
                try session(record, dataKey: dataKey, now: now))
    }

    /// The same person authenticated again in `live`: the level is the higher of the session's
    /// and the login's, the methods those of both (RFC 8176 `amr` lists every method used), and
    /// the login renews the age of its own level and those below it (``PforteCore/LevelMaxAges``).
    ///
    /// The store keeps times to the second, and a request that sent the user to log in recognises
    /// the login made since by a changed `auth_time` (``AuthenticatedSession/authenticationReference``):
    /// a second authentication within the same second is therefore recorded one second later.
    private func reauthenticate(_ live: SessionRecord, sessionID: String, dataKey: AccountDataKey, level: TrustLevel,
                                methods: [AuthenticationMethod], now: Date) async throws -> (SessionCookie, AuthenticatedSession) {
        let previousLevel = TrustLevel(rawValue: live.trustLevel) ?? .normal
        let previousAuthTime = live.authTime.timeIntervalSince1970.rounded(.down)
        let seal = SessionSeal.generate()
        var record = live
        record.trustLevel = max(previousLevel, level).rawValue
        record.amr = live.amr + methods.map(\.rawValue).filter { !live.amr.contains($0) }
        record.authTime = Date(timeIntervalSince1970: max(now.timeIntervalSince1970.rounded(.down), previousAuthTime + 1))
        guard var authentications = AuthenticatedSession.levelAuthentications(live.levelAuthTimes) else {
            throw AccountError(.storedDataUnreadable)
        }
        authentications.record(level, at: record.authTime)
        record.levelAuthTimes = Self.stored(authentications)
        record.sealedPayload = try seal.seal(dataKey, sessionID: sessionID).bytes
        try await environment.sessions.updateAuthentication(
            idDigest: record.idDigest, trustLevel: record.trustLevel, amr: record.amr, authTime: record.authTime,
            levelAuthTimes: record.levelAuthTimes, sealedPayload: record.sealedPayload
        )
        return (SessionCookie(sessionID: sessionID, sealValue: seal.cookieValue), try session(record, dataKey: dataKey, now: now))
    }

    private func session(_ record: SessionRecord, dataKey: AccountDataKey, now: Date) throws -> AuthenticatedSession {
        try AuthenticatedSession(record: record, dataKey: dataKey, levelMaxAges: environment.configuration.levelMaxAges, now: now)
    }

    private static func stored(_ authentications: LevelAuthentications) -> [String: Date] {
        Dictionary(uniqueKeysWithValues: authentications.latest.map { ($0.key.rawValue, $0.value) })
    }

    /// Rotates the browser's old session into the new one; an old id the store no longer knows
    /// (ended, expired, forged) just means there is nothing to replace.
    private func replace(_ previousSessionID: String, with record: SessionRecord) async throws {
        do {
            try await environment.sessions.rotate(oldDigest: environment.keys.digest(of: previousSessionID), newSession: record)
        } catch let error as AccountStoreError where error.code == .sessionNotFound {
            try await environment.sessions.create(record)
        }
    }
}
