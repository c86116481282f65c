public import Foundation
import PforteCore

/// The discovery document (OpenID Connect Discovery 1.0 §3, RFC 8414 §2) served at
/// `/.well-known/openid-configuration`.
///
/// It states the profile of design §7: code flow only, PKCE with S256, pairwise subjects only
/// (design §5), ES256 and RS256 ID tokens, the eIDAS levels as `acr` values (design §3).
/// Endpoints are the issuer plus a fixed path, so an installation behind a path prefix works
/// as long as the proxy forwards that prefix's paths.
public struct ProviderMetadata: Encodable, Sendable, Equatable {
    /// Claims of the ID token itself, released with `openid` (OIDC Core §2, Back-Channel
    /// Logout §2.1 for `sid`).
    public static let protocolClaims = ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "sid"]

    public let issuer: String
    public let authorizationEndpoint: String
    public let tokenEndpoint: String
    public let userinfoEndpoint: String
    let jwksURI: String
    public let revocationEndpoint: String
    public let introspectionEndpoint: String
    public let pushedAuthorizationRequestEndpoint: String
    public let endSessionEndpoint: String
    let responseTypesSupported = ["code"]
    /// Code flow only: the authorization response carries nothing but `code`, `state`, `iss`.
    let responseModesSupported = ["query"]
    let grantTypesSupported = ["authorization_code", "refresh_token", "client_credentials"]
    let subjectTypesSupported = ["pairwise"]
    let idTokenSigningAlgValuesSupported = SigningAlgorithm.allCases.map(\.rawValue)
    let tokenEndpointAuthMethodsSupported = TokenEndpointAuthMethod.allCases.map(\.rawValue)
    /// RFC 8414 §2 requires it once `private_key_jwt` is listed.
    let tokenEndpointAuthSigningAlgValuesSupported = SigningAlgorithm.allCases.map(\.rawValue)
    let revocationEndpointAuthMethodsSupported = TokenEndpointAuthMethod.allCases.map(\.rawValue)
    let revocationEndpointAuthSigningAlgValuesSupported = SigningAlgorithm.allCases.map(\.rawValue)
    /// Introspection reveals a token's contents, so a client must authenticate (RFC 7662 §2.1).
    let introspectionEndpointAuthMethodsSupported = TokenEndpointAuthMethod.allCases.filter { $0 != .none }.map(\.rawValue)
    let introspectionEndpointAuthSigningAlgValuesSupported = SigningAlgorithm.allCases.map(\.rawValue)
    let codeChallengeMethodsSupported = ["S256"]
    let scopesSupported = Scope.allCases.map(\.rawValue)
    let claimsSupported = ProviderMetadata.protocolClaims + Scope.allCases.flatMap(\.claims)
    let acrValuesSupported = TrustLevel.allCases.map(\.eidasURI)
    let authorizationResponseIssParameterSupported = true
    let backchannelLogoutSupported = true
    let backchannelLogoutSessionSupported = true
    let claimsParameterSupported = true
    /// Signed request objects are not supported; PAR (RFC 9126) protects the request instead.
    let requestParameterSupported = false
    let requestURIParameterSupported = false
    let promptValuesSupported = ["none", "login", "consent"]
    let uiLocalesSupported = AuthorizationRequest.pageLanguages
    /// PAR is offered, not required (RFC 9126 §5).
    let requirePushedAuthorizationRequests = false

    /// - Parameter publicURL: `server.public_url`; the issuer is it without a trailing slash,
    ///   because relying parties compare `iss` by exact string (OIDC Discovery §4.3).
    public init(publicURL: URL) {
        var issuer = publicURL.absoluteString
        while issuer.hasSuffix("/") { issuer.removeLast() }
        self.issuer = issuer
        authorizationEndpoint = issuer + "/authorize"
        tokenEndpoint = issuer + "/token"
        userinfoEndpoint = issuer + "/userinfo"
        jwksURI = issuer + "/jwks"
        revocationEndpoint = issuer + "/revoke"
        introspectionEndpoint = issuer + "/introspect"
        pushedAuthorizationRequestEndpoint = issuer + "/par"
        endSessionEndpoint = issuer + "/logout"
    }

    /// The document's bytes.
    public func jsonDocument() -> Data {
        // Only strings, booleans and arrays of strings: encoding cannot fail.
        try! OIDCJSON.encoder.encode(self)
    }

    enum CodingKeys: String, CodingKey {
        case issuer
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case userinfoEndpoint = "userinfo_endpoint"
        case jwksURI = "jwks_uri"
        case revocationEndpoint = "revocation_endpoint"
        case introspectionEndpoint = "introspection_endpoint"
        case pushedAuthorizationRequestEndpoint = "pushed_authorization_request_endpoint"
        case endSessionEndpoint = "end_session_endpoint"
        case responseTypesSupported = "response_types_supported"
        case responseModesSupported = "response_modes_supported"
        case grantTypesSupported = "grant_types_supported"
        case subjectTypesSupported = "subject_types_supported"
        case idTokenSigningAlgValuesSupported = "id_token_signing_alg_values_supported"
        case tokenEndpointAuthMethodsSupported = "token_endpoint_auth_methods_supported"
        case tokenEndpointAuthSigningAlgValuesSupported = "token_endpoint_auth_signing_alg_values_supported"
        case revocationEndpointAuthMethodsSupported = "revocation_endpoint_auth_methods_supported"
        case revocationEndpointAuthSigningAlgValuesSupported = "revocation_endpoint_auth_signing_alg_values_supported"
        case introspectionEndpointAuthMethodsSupported = "introspection_endpoint_auth_methods_supported"
        case introspectionEndpointAuthSigningAlgValuesSupported = "introspection_endpoint_auth_signing_alg_values_supported"
        case codeChallengeMethodsSupported = "code_challenge_methods_supported"
        case scopesSupported = "scopes_supported"
        case claimsSupported = "claims_supported"
        case acrValuesSupported = "acr_values_supported"
        case authorizationResponseIssParameterSupported = "authorization_response_iss_parameter_supported"
        case backchannelLogoutSupported = "backchannel_logout_supported"
        case backchannelLogoutSessionSupported = "backchannel_logout_session_supported"
        case claimsParameterSupported = "claims_parameter_supported"
        case requestParameterSupported = "request_parameter_supported"
        case requestURIParameterSupported = "request_uri_parameter_supported"
        case promptValuesSupported = "prompt_values_supported"
        case uiLocalesSupported = "ui_locales_supported"
        case requirePushedAuthorizationRequests = "require_pushed_authorization_requests"
    }
}
