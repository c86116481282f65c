public import Foundation
public import PforteCore
import PforteCrypto
import PforteStore

/// The citizen's security view (issue #18): where the account is logged in, and its latest
/// login attempts. Ending a session is the web layer's logout sequence (it tells the portals);
/// this service only says which sessions the signed-in citizen may end — their own.
public struct SecurityService: Sendable {
    let environment: AccountEnvironment

    /// A live session of the account, as the list shows it.
    public struct ActiveSession: Sendable, Equatable {
        /// ``AuthenticatedSession/sessionReference``: what the form names the session by, never
        /// its cookie.
        public let reference: String
        public let isCurrent: Bool
        public let startedAt: Date
        public let lastSeenAt: Date
        /// The level reached; a lapsed higher level still shows, as the session reached it.
        public let trustLevel: TrustLevel
        public let methods: [AuthenticationMethod]
        public let browser: BrowserFamily
    }

    /// A login attempt as the list shows it.
    public struct LoginAttempt: Sendable, Equatable {
        public let at: Date
        public let method: AuthenticationMethod?
        public let trustLevel: TrustLevel?
        public let succeeded: Bool
        public let browser: BrowserFamily
    }

    /// A lock or unlock of the account by the service desk (issue #22), as the list shows it:
    /// when, and which — not who, nor the desk's reason, which are for the audit.
    public struct LockEvent: Sendable, Equatable {
        public let at: Date
        public let locked: Bool
    }

    /// How many login attempts the page lists.
    public static let listedAttempts = 20

    /// The account's live sessions, the current one first.
    public func sessions(of session: AuthenticatedSession) async throws -> [ActiveSession] {
        let records = try await environment.sessions.sessions(accountID: session.accountID.description, now: environment.now())
        let listed = records.map { record in
            ActiveSession(
                reference: record.idDigest.bytes.base64URLEncoded, isCurrent: record.idDigest == session.idDigest,
                startedAt: record.createdAt, lastSeenAt: record.lastSeenAt,
                trustLevel: TrustLevel(rawValue: record.trustLevel) ?? .normal,
                methods: record.amr.compactMap(AuthenticationMethod.init(rawValue:)),
                browser: BrowserFamily(storedValue: record.browser)
            )
        }
        return listed.filter(\.isCurrent) + listed.filter { !$0.isCurrent }
    }

    /// The account's latest login attempts, newest first.
    public func loginAttempts(of session: AuthenticatedSession) async throws -> [LoginAttempt] {
        try await environment.loginHistory.events(accountID: session.accountID.description, limit: Self.listedAttempts).map { event in
            LoginAttempt(at: event.occurredAt, method: AuthenticationMethod(rawValue: event.method),
                         trustLevel: TrustLevel(rawValue: event.trustLevel), succeeded: event.outcome == .succeeded,
                         browser: BrowserFamily(storedValue: event.browser))
        }
    }

    /// The service desk's locks and unlocks of the account, newest first.
    public func lockHistory(of session: AuthenticatedSession) async throws -> [LockEvent] {
        try await environment.serviceDesk.desk.events(accountID: session.accountID.description, actions: [.lock, .unlock],
                                                      limit: Self.listedAttempts, offset: 0)
            .map { LockEvent(at: $0.occurredAt, locked: $0.action == .lock) }
    }

    /// The references of the given sessions that are live sessions of the signed-in account
    /// other than the current one: what a request to end sessions may end. Anything else — the
    /// current session, another account's, an ended one, a forged value — is left out.
    public func endableSessions(_ references: [String], of session: AuthenticatedSession) async throws -> [String] {
        let others = Set(try await otherSessions(of: session))
        return references.filter(others.contains)
    }

    /// Every live session of the account but the current one.
    public func otherSessions(of session: AuthenticatedSession) async throws -> [String] {
        try await sessions(of: session).filter { !$0.isCurrent }.map(\.reference)
    }
}
