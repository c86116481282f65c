/// Why a client registration was refused, naming the field in its registration-metadata
/// spelling (RFC 7591 §2, OIDC Registration §2), so an operator can find it in a client file
/// or a CLI option without reading code.
public struct ClientRegistrationError: Error, Equatable, CustomStringConvertible {
    public enum Code: String, Equatable, Sendable {
        /// A required value is missing or empty.
        case missing
        /// The value is not one this provider knows (an auth method, an algorithm, a scope).
        case unknownValue
        /// A client id outside the characters that travel unescaped in URLs and Basic auth.
        case invalidClientID
        /// Not an absolute URI with a host.
        case notAbsoluteURI
        /// Neither https nor http on a loopback host (RFC 8252 §7.3).
        case insecureURI
        /// A fragment, which OAuth 2.0 forbids in redirect URIs (RFC 6749 §3.1.2).
        case fragment
        /// Redirect URIs on several hosts without a sector identifier (OIDC Core §8.1).
        case severalSectors
        /// The client type and the token endpoint auth method contradict each other.
        case authMethodMismatch
        /// Keys missing, superfluous or unusable for `private_key_jwt`.
        case invalidKeys
        /// A number outside its allowed range.
        case outOfRange
        /// Not a host name.
        case invalidHost
    }

    public let code: Code
    /// The metadata name of the offending field, e.g. `redirect_uris`.
    public let field: String
    public let detail: String

    public init(_ code: Code, field: String, _ detail: String) {
        self.code = code
        self.field = field
        self.detail = detail
    }

    public var description: String { "\(field): \(detail)" }
}
