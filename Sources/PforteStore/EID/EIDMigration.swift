import SQLKit

extension Migration {
    /// eID links (pseudonym digest ↔ account) and the transactions of the AusweisApp flow.
    static let eid = Migration(version: 10, name: "eid") { database, _ in
        try await database.create(table: SQLEIDLinkStore.table)
            .column("pseudonym_digest", type: .blob, .primaryKey(autoIncrement: false))
            .column("account_id", type: .text, .notNull, .unique,
                    .references(SQLAccountStore.table, "id", onDelete: .cascade))
            .column("linked_at", type: .bigint, .notNull)
            .run()
        try await database.create(table: SQLEIDTransactionStore.table)
            .column("handle_digest", type: .blob, .primaryKey(autoIncrement: false))
            .column("stage", type: .text, .notNull)
            .column("payload", type: .blob, .notNull)
            .column("expires_at", type: .bigint, .notNull)
            .run()
        try await database.create(index: "eid_transactions_expiry")
            .on(SQLEIDTransactionStore.table).column("expires_at")
            .run()
    }
}
