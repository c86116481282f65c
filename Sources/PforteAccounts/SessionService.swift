import Foundation
import PforteCore
import PforteCrypto
import PforteStore

/// Finding the session of a request, and logout (design §4: "20 minutes idle timeout
/// (configurable), an absolute lifetime … explicit logout ends the SSO session").
public struct SessionService: Sendable {
    let environment: AccountEnvironment

    /// The session the cookie names, with its idle timer restarted; or why there is none.
    ///
    /// The store's ``SessionStore/find(idDigest:now:)`` hides ended sessions, which would
    /// make an idle timeout look like no session at all. So the record is looked up as of the
    /// distant past — every stored record is live then — and its own limits (the idle timeout
    /// and absolute end it was created with) are judged here by ``SessionLifetime``. An ended
    /// session is deleted as soon as its end is reported, so the message appears once.
    public func resume(_ cookie: SessionCookie) async throws -> SessionLookup {
        let digest = environment.keys.digest(of: cookie.sessionID)
        guard let record = try await environment.sessions.find(idDigest: digest, now: .distantPast) else { return .none }
        let now = environment.now()
        if let expiry = Self.expiry(of: record, at: now) {
            try await environment.sessions.delete(idDigest: digest)
            return .expired(expiry)
        }
        guard let seal = try? SessionSeal(cookieValue: cookie.sealValue),
              let sealed = try? SealedData(bytes: record.sealedPayload),
              let dataKey = try? seal.openDataKey(sealed, sessionID: cookie.sessionID),
              try await environment.sessions.touch(idDigest: digest, lastSeenAt: now)
        else { return .none }
        return .active(try AuthenticatedSession(
            record: record, dataKey: dataKey, levelMaxAges: environment.configuration.levelMaxAges, now: now
        ))
    }

    /// Ends the session the id names, if there is one (explicit logout).
    public func logout(sessionID: String) async throws {
        try await environment.sessions.delete(idDigest: environment.keys.digest(of: sessionID))
    }

    /// Which limit the record has reached at `now`, by the limits stored with it.
    private static func expiry(of record: SessionRecord, at now: Date) -> SessionExpiry? {
        guard let lifetime = try? SessionLifetime(
            idleTimeout: TimeInterval(record.idleTimeoutSeconds),
            absoluteLifetime: record.expiresAt.timeIntervalSince(record.createdAt)
        ) else { return .absoluteLifetime }
        switch lifetime.state(createdAt: record.createdAt, lastSeenAt: record.lastSeenAt, now: now) {
        case .active: return nil
        case .idleExpired: return .idleTimeout
        case .absoluteExpired: return .absoluteLifetime
        }
    }
}
