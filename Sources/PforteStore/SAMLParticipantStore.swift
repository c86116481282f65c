public import Foundation

/// An SP that received an assertion within an SSO session: whom single logout must notify, and
/// with which NameID and SessionIndex (SAML profiles §4.4.3.1).
public struct SAMLParticipantRecord: Sendable, Equatable {
    /// The session's digest (``SessionRecord/idDigest``), so ending a session finds its
    /// participants, and a LogoutRequest's SessionIndex finds its session.
    public var sessionDigest: SecretDigest
    public var serviceProvider: String
    public var nameID: String
    /// `persistent` or `transient` (the NameID format URI's last part).
    public var nameIDFormat: String
    /// Random and per (session, SP): it names the session to this SP without revealing it.
    public var sessionIndex: String
    /// The session's absolute end; after it the record is useless and purged.
    public var expiresAt: Date

    public init(sessionDigest: SecretDigest, serviceProvider: String, nameID: String, nameIDFormat: String,
                sessionIndex: String, expiresAt: Date) {
        self.sessionDigest = sessionDigest
        self.serviceProvider = serviceProvider
        self.nameID = nameID
        self.nameIDFormat = nameIDFormat
        self.sessionIndex = sessionIndex
        self.expiresAt = Date(unixSeconds: expiresAt.unixSeconds)
    }
}

/// The SAML participants of SSO sessions, shared by all nodes.
public protocol SAMLParticipantStore: Sendable {
    /// Records a participant and returns the record as stored. A second assertion to the same
    /// SP in the same session updates the first (a new NameID if transient, the later expiry)
    /// but keeps its SessionIndex, so there is one per (session, SP) even when two assertions
    /// are made at once on different nodes: the caller asserts the returned index.
    func record(_ participant: SAMLParticipantRecord) async throws -> SAMLParticipantRecord

    /// The participant of `serviceProvider` in `sessionDigest`, if any.
    func find(sessionDigest: SecretDigest, serviceProvider: String) async throws -> SAMLParticipantRecord?

    /// The participant holding `sessionIndex` at `serviceProvider`.
    func find(serviceProvider: String, sessionIndex: String) async throws -> SAMLParticipantRecord?

    func list(sessionDigest: SecretDigest) async throws -> [SAMLParticipantRecord]

    /// Forgets every participant of the session (it has ended); returns them.
    @discardableResult
    func removeAll(sessionDigest: SecretDigest) async throws -> [SAMLParticipantRecord]

    func purgeExpired(now: Date) async throws -> Int
}
