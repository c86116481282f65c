public import SQLKit

/// One step of the schema, applied once per database in its own transaction.
///
/// Migrations are an ordered list identified by version number; a released migration is never
/// edited, only followed by a new one.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    let apply: @Sendable (any SQLDatabase, StoreBackendKind) async throws -> Void

    public init(version: Int, name: String, apply: @escaping @Sendable (any SQLDatabase, StoreBackendKind) async throws -> Void) {
        self.version = version
        self.name = name
        self.apply = apply
    }
}

extension Migration {
    /// Pforte's schema, oldest first.
    public static let all: [Migration] = [
        .oneTimeIdentifiers,
        .accounts,
        .mailTokens,
        .sessions,
        .throttleCounters,
        .oidcClients,
        .oidcAuthorization,
        .saml,
        .organisations,
        .eid,
        .tokenFamilies,
        .installation,
        .levelAuthTimes,
        .mailOutbox,
        .throttleReservations,
        .securityView,
        .serviceDesk,
        .staff,
    ]
}
