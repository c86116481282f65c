public import Foundation
import SQLKit

/// ``TermsStore`` on SQL. Times are whole seconds as everywhere in the store.
public struct SQLTermsStore: TermsStore {
    static let acceptances = "terms_acceptances"
    static let announcements = "terms_announcements"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func accept(_ acceptance: TermsAcceptance) async throws {
        try await store.transaction { database in
            try await database.insert(into: Self.acceptances)
                .columns("account_id", "kind", "version", "accepted_at", "guardian_consent")
                .values(SQLBind(acceptance.accountID), SQLBind(acceptance.kind), SQLBind(acceptance.version),
                        SQLBind(acceptance.acceptedAt.unixSeconds), SQLBind(acceptance.guardianConsent ? 1 : 0))
                .ignoringConflicts()
                .run()
        }
    }

    public func acceptances(accountID: String, kind: String) async throws -> [TermsAcceptance] {
        try await store.withConnection { database in
            try await database.select().columns("version", "accepted_at", "guardian_consent").from(Self.acceptances)
                .where("account_id", .equal, accountID).where("kind", .equal, kind)
                .orderBy("accepted_at").orderBy("version").all()
        }.map { row in
            TermsAcceptance(accountID: accountID, kind: kind, version: try row.decode(column: "version", as: String.self),
                            acceptedAt: Date(unixSeconds: try row.decode(column: "accepted_at", as: Int64.self)),
                            guardianConsent: try row.decode(column: "guardian_consent", as: Int64.self) != 0)
        }
    }

    public func unannounced(kind: String, version: String, onlyAdmins: Bool, limit: Int) async throws -> [TermsRecipient] {
        try await store.withConnection { database in
            let select = database.select().column(SQLColumn("id", table: SQLAccountStore.table))
                .column(SQLColumn("login", table: SQLAccountStore.table)).from(SQLAccountStore.table)
                .where(SQLColumn("status", table: SQLAccountStore.table), .equal, SQLBind(AccountRecord.Status.active.rawValue))
                .where(SQLBinaryExpression(SQLColumn("id", table: SQLAccountStore.table), .notIn, SQLSubquery.select { told in
                    told.column("account_id").from(Self.announcements)
                        .where("kind", .equal, kind).where("version", .equal, version)
                }))
            if onlyAdmins {
                select.where(SQLBinaryExpression(SQLColumn("id", table: SQLAccountStore.table), .in, SQLSubquery.select { admins in
                    admins.column("account_id").from(SQLOrganisationStore.members).where("role", .equal, "admin")
                }))
            }
            return try await select.orderBy(SQLColumn("id", table: SQLAccountStore.table)).limit(limit).all()
        }.map { row in
            TermsRecipient(accountID: try row.decode(column: "id", as: String.self), login: try row.decode(column: "login", as: String.self))
        }
    }

    public func markAnnounced(accountID: String, kind: String, version: String, at time: Date,
                              mails: [OutgoingMail]) async throws -> Bool {
        do {
            return try await store.transaction { database in
                // Another node may tell the same account at the same moment: the key decides.
                let inserted = try await database.insert(into: Self.announcements)
                    .columns("account_id", "kind", "version", "announced_at")
                    .values(SQLBind(accountID), SQLBind(kind), SQLBind(version), SQLBind(time.unixSeconds))
                    .ignoringConflicts()
                    .returning("account_id").all()
                guard !inserted.isEmpty else { return false }
                try await SQLMailQueueStore.insert(mails, on: database)
                return true
            }
        } catch where ConstraintViolation.isForeignKey(error) {
            return false
        }
    }
}

extension Migration {
    /// Accepted versions of the citizen terms and the organisation consent (issue #19 item 1).
    static let termsAcceptances = Migration(version: 21, name: "terms acceptances") { database, _ in
        try await database.create(table: SQLTermsStore.acceptances)
            .column("account_id", type: .text, .notNull, .references(SQLAccountStore.table, "id", onDelete: .cascade))
            .column("kind", type: .text, .notNull)
            .column("version", type: .text, .notNull)
            .column("accepted_at", type: .bigint, .notNull)
            .column("guardian_consent", type: .bigint, .notNull, .default(0))
            .primaryKey("account_id", "kind", "version")
            .run()
    }

    /// Which account was told of which coming version, so that every account is told once.
    static let termsAnnouncements = Migration(version: 22, name: "terms announcements") { database, _ in
        try await database.create(table: SQLTermsStore.announcements)
            .column("account_id", type: .text, .notNull, .references(SQLAccountStore.table, "id", onDelete: .cascade))
            .column("kind", type: .text, .notNull)
            .column("version", type: .text, .notNull)
            .column("announced_at", type: .bigint, .notNull)
            .primaryKey("account_id", "kind", "version")
            .run()
        try await database.create(index: "terms_announcements_version").on(SQLTermsStore.announcements)
            .column("kind").column("version").run()
    }
}
