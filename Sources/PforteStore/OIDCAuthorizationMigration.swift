import SQLKit

extension Migration {
    /// The state of the code flow (issue #4): pending requests, codes, consents, access tokens.
    /// Rows that belong to an account go with it (`ON DELETE CASCADE`); client ids have no
    /// foreign key because file clients are not in the database.
    static let oidcAuthorization = Migration(version: 7, name: "oidc authorization") { database, _ in
        try await database.create(table: SQLPendingAuthorizationStore.table)
            .column("handle_digest", type: .blob, .primaryKey(autoIncrement: false))
            .column("request", type: .blob, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("expires_at", type: .bigint, .notNull)
            .run()
        try await database.create(table: SQLAuthorizationCodeStore.table)
            .column("digest", type: .blob, .primaryKey(autoIncrement: false))
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
            .column("client_id", type: .text, .notNull)
            .column("account_id", type: .text, .notNull, .references(SQLAccountStore.table, "id", onDelete: .cascade))
            .column("sealed_claims", type: .blob, .notNull)
            .column("expires_at", type: .bigint, .notNull)
            .run()
        for (table, index) in [(SQLPendingAuthorizationStore.table, "pending_authorizations_expiry"),
                               (SQLAuthorizationCodeStore.table, "authorization_codes_expiry"),
                               (SQLAccessTokenStore.table, "access_tokens_expiry")] {
            try await database.create(index: index).on(table).column("expires_at").run()
        }
        // Serve the cascade from a deleted account.
        for (table, index) in [(SQLAuthorizationCodeStore.table, "authorization_codes_account"),
                               (SQLAccessTokenStore.table, "access_tokens_account")] {
            try await database.create(index: index).on(table).column("account_id").run()
        }
    }
}
