/// `getServerInfoResponse`: the server's version and what the authorisation certificate lets
/// the eService read (`DocumentVerificationRights`), for the operator's health check.
public struct EIDServerInfo: Sendable, Hashable {
    /// `ServerVersion/VersionString`.
    public let version: String
    /// Attributes the terminal may read (`ALLOWED`) or not (`PROHIBITED`).
    public let documentVerificationRights: [EIDAttribute: EIDAttributeSelection]

    public init(version: String, documentVerificationRights: [EIDAttribute: EIDAttributeSelection]) {
        self.version = version
        self.documentVerificationRights = documentVerificationRights
    }
}
