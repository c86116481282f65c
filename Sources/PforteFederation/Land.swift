public import PforteSAML

/// Another Land's account IdP, as its metadata and the operator's settings describe it.
public struct Land: Sendable {
    public let entityID: String
    /// Where AuthnRequests go (HTTP-Redirect binding; SAML metadata §2.4.3).
    public let singleSignOnURL: String
    /// Where LogoutRequests go (HTTP-Redirect), if the Land offers single logout.
    public let singleLogoutURL: String?
    /// The only keys a Response or assertion from this Land may be signed with (design §7:
    /// "only with the key from trusted metadata, never from KeyInfo alone").
    public let signingCertificates: [TrustedCertificate]
    /// The operator's settings, from the YAML file beside the metadata.
    public var settings: LandSettings
    /// `mdui:DisplayName` of the metadata, the fallback when the settings name none.
    let metadataName: String?

    /// The name shown in the list of Länder: the operator's, else the metadata's, else the entityID.
    public var displayName: String {
        settings.displayName ?? metadataName ?? entityID
    }

    /// The short text label shown beside the name (no coat of arms: text only).
    public var label: String {
        settings.label ?? ""
    }
}

/// What the operator decides per Land, in a YAML file beside its metadata
/// (`metadata/federation/<name>.yaml`): metadata is the Land's statement and gets replaced,
/// these are ours and must survive that.
public struct LandSettings: Sendable, Equatable, Decodable {
    public var displayName: String?
    public var label: String?
    /// Received attribute `Name` → Pforte friendly name, for a Land that uses other names than
    /// the table's. Only names of the table may be targets.
    public var attributes: [String: String]

    public init(displayName: String? = nil, label: String? = nil, attributes: [String: String] = [:]) {
        self.displayName = displayName
        self.label = label
        self.attributes = attributes
    }

    enum CodingKeys: String, CodingKey {
        case displayName = "display_name"
        case label
        case attributes
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let attributes = try container.decodeIfPresent([String: String].self, forKey: .attributes) ?? [:]
        if let unknown = attributes.values.first(where: { !FederationAttributes.isKnown(friendlyName: $0) }) {
            throw DecodingError.dataCorruptedError(
                forKey: .attributes, in: container,
                debugDescription: "unknown attribute \(unknown); known: \(FederationAttributes.all.map(\.friendlyName).joined(separator: ", "))"
            )
        }
        self.init(
            displayName: try container.decodeIfPresent(String.self, forKey: .displayName),
            label: try container.decodeIfPresent(String.self, forKey: .label),
            attributes: attributes
        )
    }
}
