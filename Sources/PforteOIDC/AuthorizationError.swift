/// Why an authorization request is refused, and whether the refusal may go back to the client.
///
/// Only a request whose client and redirect URI are both known and registered may be answered
/// with a redirect (RFC 6749 §4.1.2.1); anything else would make Pforte an open redirector, so
/// it becomes a page for the user (``untrustedRedirect(_:)``).
public enum AuthorizationError: Error, Sendable, Equatable {
    /// Why the request cannot be answered by redirect.
    public enum UntrustedReason: String, Sendable {
        case missingClientID
        case unknownClient
        case missingRedirectURI
        case unregisteredRedirectURI
        /// The parameters could not be read at all (bad encoding, a repeated parameter).
        case malformedRequest
    }

    case untrustedRedirect(UntrustedReason)
    /// Sent to the client's redirect URI as `error`, `error_description`, `state` and `iss`.
    case redirect(OAuthError, AuthorizationResponseTarget)
}
