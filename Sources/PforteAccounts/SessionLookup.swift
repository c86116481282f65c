/// What a request's session cookie leads to.
public enum SessionLookup: Sendable {
    /// A live session; its idle timer has been restarted.
    case active(AuthenticatedSession)
    /// The session ended by itself, so the page can say why (issue: "a timed-out user is told
    /// so"). It has now been removed; the next request finds ``none``.
    case expired(SessionExpiry)
    /// No session: no or unknown cookie, logged out, or a seal that does not open it.
    case none
}

/// Which limit of ``PforteCore/SessionLifetime`` ended a session.
public enum SessionExpiry: String, Sendable, CaseIterable {
    /// No request for longer than the idle timeout (design §4: 20 minutes).
    case idleTimeout
    /// Older than the absolute lifetime (design §4: 12 hours), however active.
    case absoluteLifetime
}
