public import PforteSAML

/// The one attribute table between account federations (docs/federation.md): Pforte's
/// attribute profile (``AttributeProfile``: `urn:oid:` names of the X.500/LDAP attribute
/// profile with their FriendlyName) plus the two attributes only federations exchange — the
/// pseudonymous identifier and the trust level.
///
/// Attributes are matched by `Name` only: a FriendlyName is a label (SAML core §2.7.3.1 "MUST
/// NOT be used for processing"), so a Land cannot smuggle a value in under a familiar label.
public enum FederationAttributes {
    /// bPK2, the pseudonymous person identifier the German account federations exchange.
    public static let pseudonym = AttributeDefinition(friendlyName: "bPK2", oid: "1.3.6.1.4.1.25484.494450.3")
    /// The trust level as a STORK-QAA label or eIDAS URI (design §3).
    public static let trustLevel = AttributeDefinition(friendlyName: "trustLevel", oid: "1.2.40.0.10.2.1.1.261.94")

    public static let all: [AttributeDefinition] = AttributeProfile.all + [pseudonym, trustLevel]

    /// The Pforte friendly name for a received attribute `name`: a Land's override (from its
    /// settings file) first, then the table. `nil`: unknown, dropped.
    public static func friendlyName(for name: String, overrides: [String: String]) -> String? {
        if let override = overrides[name] { return override }
        return all.first { $0.name == name }?.friendlyName
    }

    public static func isKnown(friendlyName: String) -> Bool {
        all.contains { $0.friendlyName == friendlyName }
    }
}
