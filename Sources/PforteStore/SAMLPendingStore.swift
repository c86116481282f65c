public import Foundation

/// A SAML exchange waiting for the browser to come back: an AuthnRequest while the user logs in
/// or consents, or a single logout while the participants are notified one by one.
///
/// The browser carries only a random handle (in a URL or RelayState), the store only its
/// digest; the payload is the validated message as PforteSAML encodes it, without personal
/// data.
public struct SAMLPendingRecord: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case authnRequest = "authn"
        case logout
        /// A login at another Land in progress (issue #7): our AuthnRequest's ID, the Land, and
        /// the portal's request it serves.
        case federation
        /// A federated session's Land and what a LogoutRequest to it names, under a digest of
        /// the session reference, until the session would end.
        case federationSession = "federation-session"
        /// A logout at a Land in progress: the session and our LogoutRequest's ID.
        case federationLogout = "federation-logout"
        /// A federated session's reference under a digest of its Land, the Land's NameID and
        /// SessionIndex, so that the Land's own LogoutRequest finds it.
        case landSubject = "land-subject"
        /// A Land's validated answer, sealed, waiting for the browser that started the login
        /// to fetch it at `/federation/continue`.
        case federationArrival = "federation-arrival"
    }

    public var handleDigest: SecretDigest
    public var kind: Kind
    public var payload: Data
    public var expiresAt: Date

    public init(handleDigest: SecretDigest, kind: Kind, payload: Data, expiresAt: Date) {
        self.handleDigest = handleDigest
        self.kind = kind
        self.payload = payload
        self.expiresAt = Date(unixSeconds: expiresAt.unixSeconds)
    }
}

public protocol SAMLPendingStore: Sendable {
    func create(_ record: SAMLPendingRecord) async throws

    /// The live record, left in place (login and consent pages look at it more than once).
    func find(handleDigest: SecretDigest, kind: SAMLPendingRecord.Kind, now: Date) async throws -> SAMLPendingRecord?

    /// Replaces the payload of a live record (the next step of a logout); `false` if it is gone.
    func update(handleDigest: SecretDigest, payload: Data, now: Date) async throws -> Bool

    /// Removes the live record and returns it: of two concurrent finishes only one gets it, so
    /// one request is answered once.
    func finish(handleDigest: SecretDigest, kind: SAMLPendingRecord.Kind, now: Date) async throws -> SAMLPendingRecord?

    func purgeExpired(now: Date) async throws -> Int
}
