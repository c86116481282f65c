/// An endpoint of an SP's metadata (SAML metadata §2.2.2, §2.2.3).
public struct SAMLEndpoint: Sendable, Hashable {
    public let binding: SAMLBinding
    public let location: String
    /// Where responses to requests go, when the SP names another URL (SLO endpoints).
    public let responseLocation: String?
    /// `AssertionConsumerService` only.
    public let index: Int?
    public let isDefault: Bool
}

/// A trusted SP: what its metadata says (entityID, endpoints, keys) and what the operator
/// configured for it (``ServiceProviderSettings``).
public struct ServiceProvider: Sendable {
    public let entityID: String
    /// HTTP-POST `AssertionConsumerService` endpoints: the only places a Response may be sent.
    public let assertionConsumerServices: [SAMLEndpoint]
    public let singleLogoutServices: [SAMLEndpoint]
    /// Keys with `use="signing"` or no `use`: what its requests must be signed with.
    public let signingCertificates: [TrustedCertificate]
    /// The first key with `use="encryption"` or no `use`, if the metadata has one.
    public let encryptionCertificate: TrustedCertificate?
    /// Metadata's `AuthnRequestsSigned`.
    public let authnRequestsSigned: Bool
    /// `mdui:DisplayName` by language (SAML metadata UI extensions §2.1.3), shown on the consent
    /// page.
    public let displayNames: [String: String]
    public var settings: ServiceProviderSettings

    /// Whether an AuthnRequest without a signature is refused.
    public var requiresSignedRequests: Bool {
        authnRequestsSigned || settings.requireSignedRequests
    }

    /// Whether assertions for this SP are encrypted (design §7).
    public var encryptsAssertions: Bool {
        encryptionCertificate != nil && settings.encryptAssertions
    }

    /// The ACS a request names: its exact URL, or its index, or the default (SAML metadata
    /// §2.2.3: `isDefault`, else the first). Only HTTP-POST endpoints qualify, the only
    /// response binding of this IdP.
    func assertionConsumerService(url: String?, index: Int?) -> SAMLEndpoint? {
        if let url { return assertionConsumerServices.first { $0.location == url } }
        if let index { return assertionConsumerServices.first { $0.index == index } }
        return assertionConsumerServices.first { $0.isDefault } ?? assertionConsumerServices.first
    }

    /// The SP's name for people in `language`, else in German, English or any language its
    /// metadata has, else its entityID.
    public func displayName(language: String) -> String {
        displayNames[language] ?? displayNames["de"] ?? displayNames["en"] ?? displayNames.values.sorted().first ?? entityID
    }

    /// Where a logout message for this SP goes by `binding`, or by the preferred binding.
    public func singleLogoutService(preferring binding: SAMLBinding) -> SAMLEndpoint? {
        singleLogoutServices.first { $0.binding == binding } ?? singleLogoutServices.first
    }
}
