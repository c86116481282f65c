public import PforteCore
import Foundation

/// A relying party registered by the operator (CLI or a file in `clients/`), validated once on
/// construction: an instance that exists obeys every rule below, so the flows of the provider
/// never re-check a registration.
///
/// Field names follow the registration metadata of RFC 7591 §2 and OIDC Registration §2 where
/// they exist; Pforte's own fields (`client_type`, `minimum_trust_level`, the lifetimes,
/// `sector_identifier_host`) are named in the same style.
public struct ClientRegistration: Sendable, Equatable {
    /// Defaults and bounds of the token lifetimes, in seconds. Access and ID tokens are short
    /// because a relying party renews them with a refresh token, and because every retired
    /// signing key must stay published longer than the longest of them
    /// (`keys.retired_key_retention_hours`). A refresh token lives as long as an SSO session at
    /// most (design §4: 12 hours).
    public enum Lifetime {
        public static let accessToken = 300
        public static let idToken = 300
        public static let refreshToken = 43_200
        public static let accessTokenRange = 60...3600
        public static let idTokenRange = 60...3600
        public static let refreshTokenRange = 60...2_592_000
    }

    public let clientID: String
    /// Shown to the user on consent and logout pages.
    public let name: String
    public let type: ClientType
    /// Compared as exact strings at the authorization endpoint.
    public let redirectURIs: [String]
    public let postLogoutRedirectURIs: [String]
    /// What the client may ask for; always contains `openid`, in ``Scope/allCases`` order.
    public let scopes: [Scope]
    /// Sessions below this level must step up before the client gets a code (design §3).
    public let minimumTrustLevel: TrustLevel
    public let tokenEndpointAuthMethod: TokenEndpointAuthMethod
    /// The client's public keys for `private_key_jwt`, inline …
    public let jwks: ClientKeySet?
    /// … or where to fetch them.
    public let jwksURI: String?
    public let idTokenSignedResponseAlg: SigningAlgorithm
    public let accessTokenLifetime: Int
    public let refreshTokenLifetime: Int
    public let idTokenLifetime: Int
    /// The host that stands for the client's sector instead of its redirect-URI host, for a
    /// client whose redirect URIs span several hosts, or several clients that must see the same
    /// subject. The operator vouches for it, so it is not fetched as OIDC's
    /// `sector_identifier_uri` would be.
    public let sectorIdentifierHost: String?
    /// Where OIDC Back-Channel Logout 1.0 sends logout tokens; nil: the client is not notified.
    public let backchannelLogoutURI: String?
    /// The sector of the pairwise subject (design §5): ``sectorIdentifierHost``, or else the one
    /// host all redirect URIs share.
    public let sector: String

    public init(
        clientID: String,
        name: String,
        type: ClientType = .confidential,
        redirectURIs: [String],
        postLogoutRedirectURIs: [String] = [],
        scopes: [Scope] = [.openid],
        minimumTrustLevel: TrustLevel = .normal,
        tokenEndpointAuthMethod: TokenEndpointAuthMethod? = nil,
        jwks: ClientKeySet? = nil,
        jwksURI: String? = nil,
        idTokenSignedResponseAlg: SigningAlgorithm = .es256,
        accessTokenLifetime: Int = Lifetime.accessToken,
        refreshTokenLifetime: Int = Lifetime.refreshToken,
        idTokenLifetime: Int = Lifetime.idToken,
        sectorIdentifierHost: String? = nil,
        backchannelLogoutURI: String? = nil
    ) throws(ClientRegistrationError) {
        try Self.validateClientID(clientID)
        let trimmedName = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmedName.isEmpty else { throw ClientRegistrationError(.missing, field: "client_name", "a display name is required") }
        guard !redirectURIs.isEmpty else {
            throw ClientRegistrationError(.missing, field: "redirect_uris", "at least one redirect URI is required")
        }
        let redirectHosts = try Set(redirectURIs.map { uri throws(ClientRegistrationError) in
            try ClientURI.validate(uri, field: "redirect_uris")
        })
        for uri in postLogoutRedirectURIs { try ClientURI.validate(uri, field: "post_logout_redirect_uris") }
        if let backchannelLogoutURI { try ClientURI.validate(backchannelLogoutURI, field: "backchannel_logout_uri") }

        // RFC 7591 §2: the default method is client_secret_basic; a public client has none.
        let method = tokenEndpointAuthMethod ?? (type == .public ? .none : .clientSecretBasic)
        guard (type == .public) == (method == .none) else {
            throw ClientRegistrationError(
                .authMethodMismatch, field: "token_endpoint_auth_method",
                type == .public ? "a public client cannot authenticate with \(method.rawValue); use none"
                    : "a confidential client must authenticate; none is for public clients"
            )
        }
        try Self.validateKeys(method: method, jwks: jwks, jwksURI: jwksURI)

        try Self.validate(accessTokenLifetime, in: Lifetime.accessTokenRange, field: "access_token_lifetime_seconds")
        try Self.validate(refreshTokenLifetime, in: Lifetime.refreshTokenRange, field: "refresh_token_lifetime_seconds")
        try Self.validate(idTokenLifetime, in: Lifetime.idTokenRange, field: "id_token_lifetime_seconds")

        let sectorHost = try sectorIdentifierHost.map { host throws(ClientRegistrationError) in try Self.validateHost(host) }
        guard let sector = sectorHost ?? (redirectHosts.count == 1 ? redirectHosts.first : nil) else {
            throw ClientRegistrationError(
                .severalSectors, field: "redirect_uris",
                "the redirect URIs span the hosts \(redirectHosts.sorted().joined(separator: ", ")); set sector_identifier_host (OIDC Core §8.1)"
            )
        }

        self.clientID = clientID
        self.name = trimmedName
        self.type = type
        self.redirectURIs = redirectURIs
        self.postLogoutRedirectURIs = postLogoutRedirectURIs
        self.scopes = Scope.allCases.filter { $0 == .openid || scopes.contains($0) }
        self.minimumTrustLevel = minimumTrustLevel
        self.tokenEndpointAuthMethod = method
        self.jwks = jwks
        self.jwksURI = jwksURI
        self.idTokenSignedResponseAlg = idTokenSignedResponseAlg
        self.accessTokenLifetime = accessTokenLifetime
        self.refreshTokenLifetime = refreshTokenLifetime
        self.idTokenLifetime = idTokenLifetime
        self.sectorIdentifierHost = sectorHost
        self.backchannelLogoutURI = backchannelLogoutURI
        self.sector = sector
    }

    /// RFC 3986 unreserved characters only, so the id needs no escaping in a query string, a
    /// form body or `client_secret_basic` (RFC 6749 §2.3.1 would otherwise form-encode it).
    private static func validateClientID(_ clientID: String) throws(ClientRegistrationError) {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        guard (1...128).contains(clientID.count), clientID.allSatisfy(allowed.contains) else {
            throw ClientRegistrationError(
                .invalidClientID, field: "client_id", "1 to 128 of the characters A–Z a–z 0–9 - . _ ~ (got \"\(clientID)\")"
            )
        }
    }

    /// Keys belong to `private_key_jwt`, from exactly one source; for other methods they would
    /// be unused and suggest a misunderstanding.
    private static func validateKeys(method: TokenEndpointAuthMethod, jwks: ClientKeySet?, jwksURI: String?) throws(ClientRegistrationError) {
        guard method == .privateKeyJWT else {
            if jwks != nil || jwksURI != nil {
                throw ClientRegistrationError(.invalidKeys, field: jwks != nil ? "jwks" : "jwks_uri", "keys are only used with private_key_jwt")
            }
            return
        }
        switch (jwks, jwksURI) {
        case (nil, nil):
            throw ClientRegistrationError(.invalidKeys, field: "jwks", "private_key_jwt needs jwks or jwks_uri")
        case (.some, .some):
            throw ClientRegistrationError(.invalidKeys, field: "jwks", "give either jwks or jwks_uri, not both (RFC 7591 §2)")
        case (let keys?, nil):
            if keys.keys.isEmpty { throw ClientRegistrationError(.invalidKeys, field: "jwks", "the key set is empty") }
        case (nil, let uri?):
            try ClientURI.validate(uri, field: "jwks_uri")
        }
    }

    private static func validate(_ seconds: Int, in range: ClosedRange<Int>, field: String) throws(ClientRegistrationError) {
        guard range.contains(seconds) else {
            throw ClientRegistrationError(.outOfRange, field: field, "\(seconds) is outside \(range.lowerBound)…\(range.upperBound) seconds")
        }
    }

    /// A DNS name in lower case (RFC 1123 labels).
    private static func validateHost(_ host: String) throws(ClientRegistrationError) -> String {
        let lowered = host.lowercased()
        let labels = lowered.split(separator: ".", omittingEmptySubsequences: false)
        let valid = lowered.count <= 253 && labels.allSatisfy { label in
            (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
        guard valid else { throw ClientRegistrationError(.invalidHost, field: "sector_identifier_host", "\(host) is not a host name") }
        return lowered
    }
}
