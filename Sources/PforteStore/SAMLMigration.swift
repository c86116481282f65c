extension Migration {
    /// The SAML IdP's state (issue 5): session participants for single logout, exchanges
    /// waiting for the browser, and consents to attribute release.
    static let saml = Migration(version: 8, name: "saml") { database, _ in
        try await database.create(table: SQLSAMLParticipantStore.table)
            .column("session_digest", type: .blob, .notNull)
            .column("service_provider", type: .text, .notNull)
            .column("name_id", type: .text, .notNull)
            .column("name_id_format", type: .text, .notNull)
            .column("session_index", type: .text, .notNull)
            .column("expires_at", type: .bigint, .notNull)
            .primaryKey("session_digest", "service_provider")
            .run()
        try await database.create(index: "saml_participants_session_index").on(SQLSAMLParticipantStore.table)
            .column("service_provider").column("session_index").run()
        try await database.create(index: "saml_participants_expiry").on(SQLSAMLParticipantStore.table).column("expires_at").run()

        try await database.create(table: SQLSAMLPendingStore.table)
            .column("handle_digest", type: .blob, .primaryKey(autoIncrement: false))
            .column("kind", type: .text, .notNull)
            .column("payload", type: .text, .notNull)
            .column("expires_at", type: .bigint, .notNull)
            .run()
        try await database.create(index: "saml_pending_expiry").on(SQLSAMLPendingStore.table).column("expires_at").run()

        try await database.create(table: SQLSAMLConsentStore.table)
            .column("account_id", type: .text, .notNull, .references(SQLAccountStore.table, "id", onDelete: .cascade))
            .column("relying_party", type: .text, .notNull)
            .column("attributes", type: .text, .notNull)
            .column("granted_at", type: .bigint, .notNull)
            .primaryKey("account_id", "relying_party")
            .run()
    }
}
