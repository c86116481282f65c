public import Hummingbird
import PforteAccounts

/// The request context of every Pforte route.
public struct PforteRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Correlates a request's log lines with the `X-Request-Id` the client or proxy sees.
    public var requestID = ""
    /// The peer's IP address, for throttling password guesses per client address.
    var clientAddress: String
    /// The signed-in user, when the request carried a live session cookie.
    var session: AuthenticatedSession?
    /// The cookie of that session (needed to log out and to rotate it).
    var sessionCookie: SessionCookie?
    /// Set when the request carried the cookie of a session that has ended by inactivity or
    /// age, so the page can tell the user why they must sign in again.
    var sessionExpiry: SessionExpiry?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}
