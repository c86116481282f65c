import Foundation
import PforteCore
import PforteCrypto
import PforteStore

/// Starts login sessions (design §4, §6): a fresh random id and a fresh ``SessionSeal`` for
/// every login, the data key sealed under the seal, the record stored under the id's digest.
struct SessionIssuer: Sendable {
    let environment: AccountEnvironment

    /// A new session for `accountID` at `level` by `methods`. When the browser brought a
    /// session id, that session is replaced in one transaction (``SessionStore/rotate(oldDigest:newSession:)``):
    /// an id planted before the login is worthless after it (no session fixation).
    func start(accountID: String, dataKey: AccountDataKey, level: TrustLevel, methods: [AuthenticationMethod],
               replacing previousSessionID: String?) async throws -> (SessionCookie, AuthenticatedSession) {
        let now = environment.now()
        let lifetime = environment.configuration.sessionLifetime
        let sessionID = RandomToken.make()
        let seal = SessionSeal.generate()
        let record = SessionRecord(
            idDigest: environment.keys.digest(of: sessionID), accountID: accountID,
            sealedPayload: try seal.seal(dataKey, sessionID: sessionID).bytes,
            trustLevel: level.rawValue, amr: methods.map(\.rawValue), authTime: now, createdAt: now, lastSeenAt: now,
            expiresAt: now.addingTimeInterval(lifetime.absoluteLifetime),
            idleTimeoutSeconds: Int(lifetime.idleTimeout.rounded(.up))
        )
        if let previousSessionID {
            try await replace(previousSessionID, with: record)
        } else {
            try await environment.sessions.create(record)
        }
        return (SessionCookie(sessionID: sessionID, sealValue: seal.cookieValue),
                try AuthenticatedSession(record: record, dataKey: dataKey))
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
