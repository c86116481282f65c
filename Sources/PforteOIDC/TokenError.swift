/// A refusal of the token endpoint (RFC 6749 §5.2): the wire error and whether it is a failed
/// client authentication, which is answered with 401 and `WWW-Authenticate` rather than 400.
public struct TokenError: Error, Sendable, Equatable, CustomStringConvertible {
    public let error: OAuthError

    public init(_ code: OAuthError.Code, _ detail: String) {
        error = OAuthError(code, detail)
    }

    public var isClientAuthenticationFailure: Bool { error.code == .invalidClient }

    public var description: String { error.description }
}
