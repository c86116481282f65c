public import Foundation
import SQLKit

/// ``EIDLinkStore`` on SQL: the pseudonym digest is the primary key and the account id is
/// unique, so both "one per account" and "one account per card" are the database's rules, on
/// every node at once. Re-linking deletes and inserts in one transaction.
public struct SQLEIDLinkStore: EIDLinkStore {
    static let table = "eid_links"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func link(accountID: String, pseudonym: SecretDigest, at time: Date) async throws {
        do {
            try await store.transaction { database in
                try await database.delete(from: Self.table).where("account_id", .equal, accountID).run()
                try await database.insert(into: Self.table)
                    .columns("pseudonym_digest", "account_id", "linked_at")
                    .values(SQLBind(pseudonym.bytes), SQLBind(accountID), SQLBind(time.unixSeconds))
                    .run()
            }
        } catch where ConstraintViolation.isForeignKey(error) {
            throw AccountStoreError(.accountNotFound, "no account \(accountID) to link an eID pseudonym to")
        } catch where ConstraintViolation.isUnique(error, index: "eid_links_pkey", table: Self.table, column: "pseudonym_digest") {
            throw AccountStoreError(.pseudonymTaken, "the eID pseudonym is linked to another account")
        }
    }

    public func accountID(pseudonym: SecretDigest) async throws -> String? {
        try await store.withConnection { database in
            try await database.select().column("account_id").from(Self.table)
                .where("pseudonym_digest", .equal, pseudonym.bytes)
                .where(SQLColumn("deactivated_at"), .is, SQLLiteral.null)
                .first()
        }.map { try $0.decode(column: "account_id", as: String.self) }
    }

    public func pseudonym(accountID: String) async throws -> SecretDigest? {
        try await store.withConnection { database in
            try await database.select().column("pseudonym_digest").from(Self.table)
                .where("account_id", .equal, accountID)
                .where(SQLColumn("deactivated_at"), .is, SQLLiteral.null)
                .first()
        }.map { try SecretDigest(try $0.decode(column: "pseudonym_digest", as: Data.self)) }
    }

    @discardableResult
    public func unlink(accountID: String) async throws -> Bool {
        try await store.transaction { database in
            try await database.delete(from: Self.table).where("account_id", .equal, accountID)
                .returning("account_id").all()
        }.isEmpty == false
    }

    @discardableResult
    public func deactivate(accountID: String, at time: Date) async throws -> Bool {
        try await store.transaction { database in
            try await database.update(Self.table).set("deactivated_at", to: time.unixSeconds)
                .where("account_id", .equal, accountID)
                .where(SQLColumn("deactivated_at"), .is, SQLLiteral.null)
                .returning("account_id").all()
        }.isEmpty == false
    }

    public func isDeactivated(pseudonym: SecretDigest) async throws -> Bool {
        try await store.withConnection { database in
            try await database.select().column("account_id").from(Self.table)
                .where("pseudonym_digest", .equal, pseudonym.bytes)
                .where(SQLColumn("deactivated_at"), .isNot, SQLLiteral.null)
                .first()
        } != nil
    }
}

extension Migration {
    /// A deactivated online ID stays known as deactivated (issue #19), so that its next login
    /// is not offered a second account.
    static let eIDDeactivation = Migration(version: 24, name: "deactivated eID cards") { database, _ in
        try await database.alter(table: SQLEIDLinkStore.table).column("deactivated_at", type: .bigint).run()
    }
}
