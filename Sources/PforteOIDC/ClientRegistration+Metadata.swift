public import Foundation
import PforteCore

/// A registration as a metadata document: the JSON the store keeps, and the shape of a client
/// file in `clients/` (YAML decodes through the same `Decodable` conformance).
///
/// Decoding runs the full validation of ``ClientRegistration/init(clientID:name:type:redirectURIs:postLogoutRedirectURIs:scopes:minimumTrustLevel:tokenEndpointAuthMethod:jwks:jwksURI:idTokenSignedResponseAlg:accessTokenLifetime:refreshTokenLifetime:idTokenLifetime:sectorIdentifierHost:backchannelLogoutURI:)``,
/// so a document edited by hand in the database is refused like a bad file. Unknown fields
/// are errors: a misspelt `redirect_uri` must not silently register a client without it.
extension ClientRegistration: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case clientID = "client_id"
        case name = "client_name"
        case type = "client_type"
        case redirectURIs = "redirect_uris"
        case postLogoutRedirectURIs = "post_logout_redirect_uris"
        /// Space-separated, as in RFC 7591 §2.
        case scope
        case minimumTrustLevel = "minimum_trust_level"
        case tokenEndpointAuthMethod = "token_endpoint_auth_method"
        case jwks
        case jwksURI = "jwks_uri"
        case idTokenSignedResponseAlg = "id_token_signed_response_alg"
        case accessTokenLifetime = "access_token_lifetime_seconds"
        case refreshTokenLifetime = "refresh_token_lifetime_seconds"
        case idTokenLifetime = "id_token_lifetime_seconds"
        case sectorIdentifierHost = "sector_identifier_host"
        case backchannelLogoutURI = "backchannel_logout_uri"
    }

    private struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        for key in try decoder.container(keyedBy: AnyKey.self).allKeys where CodingKeys(stringValue: key.stringValue) == nil {
            throw ClientRegistrationError(
                .unknownValue, field: key.stringValue,
                "unknown field (known: \(CodingKeys.allCases.map(\.rawValue).joined(separator: ", ")))"
            )
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let scopeNames = try container.decodeIfPresent(String.self, forKey: .scope)?.split(separator: " ").map(String.init) ?? []
        let scopes = try scopeNames.map { name throws(ClientRegistrationError) in
            try Self.parse(name, as: Scope.self, field: "scope")
        }
        let level = try container.decodeIfPresent(String.self, forKey: .minimumTrustLevel)
        try self.init(
            clientID: container.decode(String.self, forKey: .clientID),
            name: container.decode(String.self, forKey: .name),
            type: container.decodeIfPresent(ClientType.self, forKey: .type) ?? .confidential,
            redirectURIs: container.decode([String].self, forKey: .redirectURIs),
            postLogoutRedirectURIs: container.decodeIfPresent([String].self, forKey: .postLogoutRedirectURIs) ?? [],
            scopes: scopes,
            minimumTrustLevel: level.map { text throws(ClientRegistrationError) in
                try Self.parse(text, as: TrustLevel.self, field: "minimum_trust_level")
            } ?? .normal,
            tokenEndpointAuthMethod: container.decodeIfPresent(TokenEndpointAuthMethod.self, forKey: .tokenEndpointAuthMethod),
            jwks: container.decodeIfPresent(ClientKeySet.self, forKey: .jwks),
            jwksURI: container.decodeIfPresent(String.self, forKey: .jwksURI),
            idTokenSignedResponseAlg: container.decodeIfPresent(SigningAlgorithm.self, forKey: .idTokenSignedResponseAlg) ?? .es256,
            accessTokenLifetime: container.decodeIfPresent(Int.self, forKey: .accessTokenLifetime) ?? Lifetime.accessToken,
            refreshTokenLifetime: container.decodeIfPresent(Int.self, forKey: .refreshTokenLifetime) ?? Lifetime.refreshToken,
            idTokenLifetime: container.decodeIfPresent(Int.self, forKey: .idTokenLifetime) ?? Lifetime.idToken,
            sectorIdentifierHost: container.decodeIfPresent(String.self, forKey: .sectorIdentifierHost),
            backchannelLogoutURI: container.decodeIfPresent(String.self, forKey: .backchannelLogoutURI)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(clientID, forKey: .clientID)
        try container.encode(name, forKey: .name)
        try container.encode(type, forKey: .type)
        try container.encode(redirectURIs, forKey: .redirectURIs)
        try container.encode(postLogoutRedirectURIs, forKey: .postLogoutRedirectURIs)
        try container.encode(scopes.map(\.rawValue).joined(separator: " "), forKey: .scope)
        try container.encode(minimumTrustLevel.rawValue, forKey: .minimumTrustLevel)
        try container.encode(tokenEndpointAuthMethod, forKey: .tokenEndpointAuthMethod)
        try container.encodeIfPresent(jwks, forKey: .jwks)
        try container.encodeIfPresent(jwksURI, forKey: .jwksURI)
        try container.encode(idTokenSignedResponseAlg, forKey: .idTokenSignedResponseAlg)
        try container.encode(accessTokenLifetime, forKey: .accessTokenLifetime)
        try container.encode(refreshTokenLifetime, forKey: .refreshTokenLifetime)
        try container.encode(idTokenLifetime, forKey: .idTokenLifetime)
        try container.encodeIfPresent(sectorIdentifierHost, forKey: .sectorIdentifierHost)
        try container.encodeIfPresent(backchannelLogoutURI, forKey: .backchannelLogoutURI)
    }

    /// The registration as the store keeps it.
    public func jsonDocument() -> Data {
        // Encoding strings, numbers and arrays of them cannot fail.
        try! OIDCJSON.encoder.encode(self)
    }

    /// Reads a document written by ``jsonDocument()``, or any JSON in the same shape.
    public init(jsonDocument: Data) throws(ClientRegistrationError) {
        do {
            self = try JSONDecoder().decode(Self.self, from: jsonDocument)
        } catch {
            throw ClientRegistrationError(decoding: error)
        }
    }

    private static func parse<Value: RawRepresentable<String>>(
        _ text: String, as type: Value.Type, field: String
    ) throws(ClientRegistrationError) -> Value {
        guard let value = Value(rawValue: text) else {
            throw ClientRegistrationError(.unknownValue, field: field, "unknown value \(text)")
        }
        return value
    }
}
