import SQLKit

extension Migration {
    /// The family row of every grant (issue #16: a concurrent replay revokes the winner's tokens
    /// too; issue #15: refresh tokens end with their session). Grants issued before keep working:
    /// each gets a family row, without a session, since their session is only inside the opaque
    /// grant data; they end by their refresh-token lifetime as before.
    static let tokenFamilies = Migration(version: 11, name: "token families") { database, _ in
        try await database.create(table: SQLTokenFamily.table)
            .column("grant_id", type: .text, .primaryKey(autoIncrement: false))
            .column("session_digest", type: .blob)
            .column("created_at", type: .bigint, .notNull)
            .column("last_issued_at", type: .bigint, .notNull)
            .column("revoked_at", type: .bigint)
            .run()
        // Serves the revocation of the families of ended sessions.
        try await database.create(index: "token_families_session").on(SQLTokenFamily.table).column("session_digest").run()
        for credentials in [SQLRefreshTokenStore.table, SQLAuthorizationCodeStore.table] {
            try await database.raw("""
                INSERT INTO \(ident: SQLTokenFamily.table) (grant_id, created_at, last_issued_at)
                SELECT grant_id, MIN(created_at), MAX(created_at) FROM \(ident: credentials) AS c
                WHERE NOT EXISTS (SELECT 1 FROM \(ident: SQLTokenFamily.table) AS f WHERE f.grant_id = c.grant_id)
                GROUP BY grant_id
                """).run()
        }
    }
}
