public import Foundation

/// An authorization request waiting for the user to log in or consent, as the store keeps it.
///
/// The browser carries only a random handle (in `/login?continue=…`), the store only its
/// digest: the request's parameters never travel through URLs Pforte builds, and a handle
/// cannot be forged into someone else's request.
public struct PendingAuthorizationRecord: Sendable, Equatable {
    /// A request waits for the user (`pending`, handle in the login URL), or was pushed by the
    /// client (`pushed`, RFC 9126, handle in the `request_uri`). One kind's handle never finds
    /// the other's request.
    public enum Kind: String, Sendable {
        case pending
        case pushed
    }

    public var handleDigest: SecretDigest
    public var kind: Kind
    /// The validated request as PforteOIDC encodes it; holds no personal data.
    public var request: Data
    public var createdAt: Date
    public var expiresAt: Date

    public init(handleDigest: SecretDigest, kind: Kind = .pending, request: Data, createdAt: Date, expiresAt: Date) {
        self.handleDigest = handleDigest
        self.kind = kind
        self.request = request
        self.createdAt = Date(unixSeconds: createdAt.unixSeconds)
        self.expiresAt = Date(unixSeconds: expiresAt.unixSeconds)
    }
}

/// Authorization requests between `/authorize` and the code (or error) they end in. Each is
/// finished once: ``finish(handleDigest:kind:now:)`` hands it to exactly one caller.
public protocol PendingAuthorizationStore: Sendable {
    func create(_ record: PendingAuthorizationRecord) async throws

    /// The live request, left in place: login and consent pages look at it more than once.
    func find(handleDigest: SecretDigest, kind: PendingAuthorizationRecord.Kind, now: Date) async throws -> PendingAuthorizationRecord?

    /// Removes the live request and returns it; `nil` when unknown, expired or already finished.
    func finish(handleDigest: SecretDigest, kind: PendingAuthorizationRecord.Kind, now: Date) async throws -> PendingAuthorizationRecord?

    /// Deletes expired requests; returns how many.
    func purgeExpired(now: Date) async throws -> Int
}
