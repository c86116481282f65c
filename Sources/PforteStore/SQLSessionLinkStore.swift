public import Foundation
import SQLKit

/// ``SessionLinkStore`` on SQL: one `DELETE … RETURNING` over the links without a live
/// session in `sessions`, after the token families of those sessions are revoked.
public struct SQLSessionLinkStore: SessionLinkStore {
    static let table = "oidc_session_links"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func link(_ link: SessionLink, now: Date) async throws {
        try await store.transaction { database in try await Self.insert(link, now: now, on: database) }
    }

    static func insert(_ link: SessionLink, now: Date, on database: any SQLDatabase) async throws {
        try await database.insert(into: table)
            .columns("session_digest", "client_id", "subject", "created_at")
            .values(SQLBind(link.sessionDigest.bytes), SQLBind(link.clientID), SQLBind(link.subject), SQLBind(now.unixSeconds))
            .ignoringConflicts(with: ["session_digest", "client_id"])
            .run()
    }

    public func claimEnded(now: Date) async throws -> [SessionLink] {
        let seconds = now.unixSeconds
        return try await store.transaction { database in
            // Families first: the lock order of ``SQLTokenFamily``.
            _ = try await SQLTokenFamily.revokeSessionsEnded(now: now, on: database)
            return try await database.raw("""
                DELETE FROM \(ident: Self.table) WHERE NOT EXISTS (
                    SELECT 1 FROM \(ident: SQLSessionStore.table) AS s
                    WHERE s.id_digest = \(ident: Self.table).session_digest
                    AND s.expires_at > \(bind: seconds) AND s.idle_expires_at > \(bind: seconds)
                ) RETURNING session_digest, client_id, subject
                """).all()
        }.map { row in
            SessionLink(
                sessionDigest: try SecretDigest(try row.decode(column: "session_digest", as: Data.self)),
                clientID: try row.decode(column: "client_id", as: String.self),
                subject: try row.decode(column: "subject", as: String.self)
            )
        }
    }
}
