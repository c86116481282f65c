public import PforteCore

/// A `RequestedAuthnContext` (SAML core §3.3.2.2.1) as levels of design §3: which
/// `AuthnContextClassRef`s name a level, and how they compare.
public struct AuthnContextRequirement: Sendable, Codable, Equatable {
    public enum Comparison: String, Sendable, Codable {
        case exact, minimum, maximum, better
    }

    /// One requested class reference that names a level, kept with the identifier the SP
    /// used (eIDAS URI, STORK label or TR-03130 URI), which is the one it expects back.
    public struct RequestedLevel: Sendable, Codable, Equatable {
        /// ``TrustLevel`` raw value.
        public let level: String
        public let identifier: String
    }

    public let comparison: Comparison
    public let requested: [RequestedLevel]

    /// The level to assert for a session at `session`, with the class reference to write: the
    /// strongest acceptable level the session reaches. `nil` when no acceptable level is at or
    /// below the session's, i.e. the user would have to reach a higher level first.
    public static func assertion(
        for requirement: AuthnContextRequirement?, minimum: TrustLevel, session: TrustLevel
    ) -> (level: TrustLevel, classRef: String)? {
        guard let level = acceptableLevels(requirement, minimum: minimum).last(where: { $0 <= session }) else { return nil }
        let identifier = requirement?.requested.first { $0.level == level.rawValue }?.identifier
        return (level, identifier ?? level.eidasURI)
    }

    /// The levels that satisfy both the request and the SP's configured minimum, weakest first.
    public static func acceptableLevels(_ requirement: AuthnContextRequirement?, minimum: TrustLevel) -> [TrustLevel] {
        let allowed = TrustLevel.allCases.filter { $0 >= minimum }
        guard let requirement else { return allowed }
        let levels = requirement.requested.compactMap { TrustLevel(rawValue: $0.level) }
        guard let weakest = levels.min(), let strongest = levels.max() else { return [] }
        switch requirement.comparison {
        case .exact: return allowed.filter(levels.contains)
        case .minimum: return allowed.filter { $0 >= weakest }
        case .better: return allowed.filter { $0 > weakest }
        case .maximum: return allowed.filter { $0 <= strongest }
        }
    }
}
