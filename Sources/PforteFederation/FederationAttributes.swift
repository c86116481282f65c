public import PforteSAML

/// The one attribute table between account federations (docs/federation.md): Pforte's
/// attribute profile (``AttributeProfile``: `urn:oid:` names of the X.500/LDAP attribute
/// profile with their FriendlyName) plus the two attributes only federations exchange — the
/// pseudonymous identifier and the trust level.
///
/// Attributes are matched by `Name` only: a FriendlyName is a label (SAML core §2.7.3.1 "MUST
/// NOT be used for processing"), so a Land cannot smuggle a value in under a familiar label.
public enum FederationAttributes {
    public static let pseudonym = AttributeProfile.pseudonym
    public static let trustLevel = AttributeProfile.trustLevel

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
