public import PforteCore

/// What the operator decides per SP beyond its metadata (design §3: "Each client / SP can be
/// configured with a minimum level and with the attributes it may get").
///
/// Kept in a YAML file next to the metadata file (`metadata/sp/<name>.yaml` beside
/// `<name>.xml`), not in the metadata: SP metadata is the SP's statement about itself and may
/// be replaced by a newer copy from the SP or a federation, while these are the IdP's rules for
/// the SP and must survive that. Absent file: the defaults below.
public struct ServiceProviderSettings: Sendable, Equatable, Decodable {
    /// The level every login for this SP must reach, whatever the request asks.
    public var minimumLevel: TrustLevel
    /// Friendly names (see ``AttributeProfile``) of the attributes the SP may receive. Default
    /// none: data minimisation, the SP gets only its NameID until the operator allows more.
    public var attributes: [String]
    /// The NameID format when the request does not ask for one.
    public var nameIDFormat: NameIDFormat
    /// Whether AuthnRequests must be signed. Default `true`; metadata's
    /// `AuthnRequestsSigned="true"` also requires it, and a present signature is always checked.
    public var requireSignedRequests: Bool
    /// Whether assertions are encrypted when the metadata has an encryption key. Default `true`;
    /// `false` only for SPs that cannot decrypt AES-GCM.
    public var encryptAssertions: Bool
    /// Whether every assertion carries the level also as the trust-level attribute
    /// (``AttributeProfile/trustLevel``), as account federations expect. Set for the Länder's
    /// SPs (`metadata/federation/`, issue #7), not a YAML setting.
    public var trustLevelAttribute = false

    public init(
        minimumLevel: TrustLevel = .normal, attributes: [String] = [], nameIDFormat: NameIDFormat = .persistent,
        requireSignedRequests: Bool = true, encryptAssertions: Bool = true
    ) {
        self.minimumLevel = minimumLevel
        self.attributes = attributes
        self.nameIDFormat = nameIDFormat
        self.requireSignedRequests = requireSignedRequests
        self.encryptAssertions = encryptAssertions
    }

    enum CodingKeys: String, CodingKey {
        case minimumLevel = "minimum_level"
        case attributes
        case nameIDFormat = "name_id_format"
        case requireSignedRequests = "require_signed_requests"
        case encryptAssertions = "encrypt_assertions"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ServiceProviderSettings()
        let level = try container.decodeIfPresent(String.self, forKey: .minimumLevel)
        guard let minimumLevel = level.map(TrustLevel.init(rawValue:)) ?? defaults.minimumLevel else {
            throw DecodingError.dataCorruptedError(
                forKey: .minimumLevel, in: container, debugDescription: "one of normal, substantiell, hoch"
            )
        }
        let attributes = try container.decodeIfPresent([String].self, forKey: .attributes) ?? defaults.attributes
        if let unknown = attributes.first(where: { AttributeProfile.definition(named: $0) == nil }) {
            throw DecodingError.dataCorruptedError(
                forKey: .attributes, in: container,
                debugDescription: "unknown attribute \(unknown); known: \(AttributeProfile.all.map(\.friendlyName).joined(separator: ", "))"
            )
        }
        let format = try container.decodeIfPresent(String.self, forKey: .nameIDFormat)
        guard let nameIDFormat = format.map({ (text: String) -> NameIDFormat? in
            text == "persistent" ? .persistent : text == "transient" ? .transient : nil
        })
            ?? defaults.nameIDFormat
        else {
            throw DecodingError.dataCorruptedError(forKey: .nameIDFormat, in: container, debugDescription: "persistent or transient")
        }
        self.init(
            minimumLevel: minimumLevel, attributes: attributes, nameIDFormat: nameIDFormat,
            requireSignedRequests: try container.decodeIfPresent(Bool.self, forKey: .requireSignedRequests)
                ?? defaults.requireSignedRequests,
            encryptAssertions: try container.decodeIfPresent(Bool.self, forKey: .encryptAssertions) ?? defaults.encryptAssertions
        )
    }
}
