import SQLKit

extension Migration {
    /// The state of the OIDC provider (issue #4): pending and pushed requests, codes, consents,
    /// access and refresh tokens, and which clients took part in which session (for back-channel
    /// logout). Rows that belong to an account go with it (`ON DELETE CASCADE`); client ids have
    /// no foreign key because file clients are not in the database. Session links have no
    /// foreign key either: they must outlive the session to say whom to notify of its end.
    static let oidcAuthorization = Migration(version: 7, name: "oidc authorization") { database, _ in
        try await database.create(table: SQLPendingAuthorizationStore.table)
            .column("handle_digest", type: .blob, .primaryKey(autoIncrement: false))
            .column("kind", type: .text, .notNull)
            .column("request", type: .blob, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("expires_at", type: .bigint, .notNull)
            .run()
        try await database.create(table: SQLAuthorizationCodeStore.table)
            .column("digest", type: .blob, .primaryKey(autoIncrement: false))
            .column("grant_id", type: .text, .notNull)
            .column("client_id", type: .text, .notNull)
            .column("account_id", type: .text, .notNull, .references(SQLAccountStore.table, "id", onDelete: .cascade))
            .column("grant_data", type: .blob, .notNull)
            .column("sealed_claims", type: .blob, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("expires_at", type: .bigint, .notNull)
            .column("redeemed_at", type: .bigint)
            .column("replayed_at", type: .bigint)
            .run()
        try await database.create(table: SQLConsentStore.table)
            .column("account_id", type: .text, .notNull, .references(SQLAccountStore.table, "id", onDelete: .cascade))
            .column("client_id", type: .text, .notNull)
            .column("claims", type: .text, .notNull)
            .column("granted_at", type: .bigint, .notNull)
            .primaryKey("account_id", "client_id")
            .run()
        try await database.create(table: SQLAccessTokenStore.table)
            .column("token_id", type: .text, .primaryKey(autoIncrement: false))
            .column("grant_id", type: .text, .notNull)
            .column("client_id", type: .text, .notNull)
            .column("account_id", type: .text, .references(SQLAccountStore.table, "id", onDelete: .cascade))
            .column("sealed_claims", type: .blob)
            .column("issued_at", type: .bigint, .notNull)
            .column("expires_at", type: .bigint, .notNull)
            .run()
        try await database.create(table: SQLRefreshTokenStore.table)
            .column("digest", type: .blob, .primaryKey(autoIncrement: false))
            .column("grant_id", type: .text, .notNull)
            .column("client_id", type: .text, .notNull)
            .column("account_id", type: .text, .notNull, .references(SQLAccountStore.table, "id", onDelete: .cascade))
            .column("grant_data", type: .blob, .notNull)
            .column("sealed_claims", type: .blob, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("expires_at", type: .bigint, .notNull)
            .column("rotated_at", type: .bigint)
            .run()
        try await database.create(table: SQLSessionLinkStore.table)
            .column("session_digest", type: .blob, .notNull)
            .column("client_id", type: .text, .notNull)
            .column("subject", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .primaryKey("session_digest", "client_id")
            .run()
        for (table, index) in [(SQLPendingAuthorizationStore.table, "pending_authorizations_expiry"),
                               (SQLAuthorizationCodeStore.table, "authorization_codes_expiry"),
                               (SQLAccessTokenStore.table, "access_tokens_expiry"),
                               (SQLRefreshTokenStore.table, "refresh_tokens_expiry")] {
            try await database.create(index: index).on(table).column("expires_at").run()
        }
        // Serve family revocation (a replayed code or refresh token) and the cascade from a
        // deleted account.
        for (table, index) in [(SQLAccessTokenStore.table, "access_tokens_grant"),
                               (SQLRefreshTokenStore.table, "refresh_tokens_grant")] {
            try await database.create(index: index).on(table).column("grant_id").run()
        }
        for (table, index) in [(SQLAuthorizationCodeStore.table, "authorization_codes_account"),
                               (SQLAccessTokenStore.table, "access_tokens_account"),
                               (SQLRefreshTokenStore.table, "refresh_tokens_account")] {
            try await database.create(index: index).on(table).column("account_id").run()
        }
    }
}
