public import Foundation

/// That a client received tokens from a session, so that its end can be told to the client
/// (OIDC Back-Channel Logout 1.0). Holds the pairwise subject the client knows, so the logout
/// token can be built after the session and even the account are gone.
public struct SessionLink: Sendable, Hashable {
    public var sessionDigest: SecretDigest
    public var clientID: String
    public var subject: String

    public init(sessionDigest: SecretDigest, clientID: String, subject: String) {
        self.sessionDigest = sessionDigest
        self.clientID = clientID
        self.subject = subject
    }
}

/// Links between sessions and clients until the session ends, however it ends: logout,
/// logout everywhere, a new login replacing it, idle timeout, absolute expiry, account
/// deletion. Instead of a hook on each of those paths, ``claimEnded(now:)`` finds the links
/// whose session is no longer live.
public protocol SessionLinkStore: Sendable {
    /// Records the link; recording it again changes nothing.
    func link(_ link: SessionLink, now: Date) async throws

    /// Removes and returns the links whose session is over at `now`; each link is returned to
    /// exactly one caller, so two nodes never notify a client twice. In the same transaction it
    /// revokes the refresh and access tokens of every grant whose session is over (OIDC
    /// Back-Channel Logout 1.0 §2.7: without `offline_access`, which Pforte does not offer, a
    /// refresh token lives no longer than the session it was issued in).
    func claimEnded(now: Date) async throws -> [SessionLink]
}
