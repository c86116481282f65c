/// An error as OAuth 2.0 and OpenID Connect put it on the wire: the `error` code and the
/// `error_description` meant for the client's developer (never for the user, never with
/// personal data).
public struct OAuthError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The codes of RFC 6749 §4.1.2.1 and §5.2, OIDC Core §3.1.2.6, RFC 6750 §3.1 and
    /// OpenID Connect EAP ACR Values §5 (`unmet_authentication_requirements`).
    public enum Code: String, Sendable {
        case invalidRequest = "invalid_request"
        case invalidClient = "invalid_client"
        case invalidGrant = "invalid_grant"
        case unauthorizedClient = "unauthorized_client"
        case unsupportedGrantType = "unsupported_grant_type"
        case unsupportedResponseType = "unsupported_response_type"
        case invalidScope = "invalid_scope"
        case accessDenied = "access_denied"
        case loginRequired = "login_required"
        case consentRequired = "consent_required"
        case interactionRequired = "interaction_required"
        case requestNotSupported = "request_not_supported"
        case requestURINotSupported = "request_uri_not_supported"
        case unmetAuthenticationRequirements = "unmet_authentication_requirements"
        case invalidToken = "invalid_token"
        /// RFC 6749 §4.1.2.1: the server is briefly unable to handle the request (its store is
        /// down or too slow).
        case temporarilyUnavailable = "temporarily_unavailable"
    }

    public let code: Code
    public let detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "\(code.rawValue): \(detail)" }
}
