public import Foundation

/// Remembers identifiers that may be used only once — SAML request and assertion IDs, JWT `jti`s
/// of client assertions, eID tcToken handles — until they expire, so that a replayed message is
/// recognised on any node sharing the store.
public protocol OneTimeIdentifierStore: Sendable {
    /// Records `identifier` within `namespace` until `expiresAt`.
    ///
    /// - Returns: `true` the first time; `false` when the identifier is already recorded and not
    ///   yet expired, i.e. the message carrying it is a replay and must be refused.
    func consume(_ identifier: String, namespace: String, expiresAt: Date, now: Date) async throws -> Bool

    /// Forgets expired identifiers; returns how many were removed.
    func purgeExpired(now: Date) async throws -> Int
}
