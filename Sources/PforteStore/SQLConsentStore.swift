import Foundation
import SQLKit

/// ``ConsentStore`` on SQL; claim names are kept space-separated, as OAuth writes scopes.
public struct SQLConsentStore: ConsentStore {
    static let table = "consents"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func save(_ consent: ConsentRecord) async throws {
        do {
            try await store.transaction { database in
                try await database.delete(from: Self.table)
                    .where("account_id", .equal, consent.accountID)
                    .where("client_id", .equal, consent.clientID)
                    .run()
                try await database.insert(into: Self.table)
                    .columns("account_id", "client_id", "claims", "granted_at")
                    .values(SQLBind(consent.accountID), SQLBind(consent.clientID),
                            SQLBind(consent.claims.sorted().joined(separator: " ")), SQLBind(consent.grantedAt.unixSeconds))
                    .run()
            }
        } catch where ConstraintViolation.isForeignKey(error) {
            throw AccountStoreError(.accountNotFound, "no account \(consent.accountID) to record a consent for")
        }
    }

    public func find(accountID: String, clientID: String) async throws -> ConsentRecord? {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table)
                .where("account_id", .equal, accountID)
                .where("client_id", .equal, clientID)
                .first()
        }.map(ConsentRecord.init(row:))
    }

    public func list(accountID: String) async throws -> [ConsentRecord] {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table)
                .where("account_id", .equal, accountID)
                .orderBy("client_id")
                .all()
        }.map(ConsentRecord.init(row:))
    }

    public func delete(accountID: String, clientID: String) async throws -> Bool {
        try await store.transaction { database in
            try await database.delete(from: Self.table)
                .where("account_id", .equal, accountID)
                .where("client_id", .equal, clientID)
                .returning("client_id").all()
        }.isEmpty == false
    }
}

extension ConsentRecord {
    init(row: any SQLRow) throws {
        self.init(
            accountID: try row.decode(column: "account_id", as: String.self),
            clientID: try row.decode(column: "client_id", as: String.self),
            claims: Set(try row.decode(column: "claims", as: String.self).split(separator: " ").map(String.init)),
            grantedAt: Date(unixSeconds: try row.decode(column: "granted_at", as: Int64.self))
        )
    }
}
