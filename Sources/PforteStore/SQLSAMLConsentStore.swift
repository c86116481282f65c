import Foundation
import SQLKit

/// ``SAMLConsentStore`` on SQL; attribute names are kept space-separated.
public struct SQLSAMLConsentStore: SAMLConsentStore {
    static let table = "saml_consents"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func save(_ consent: SAMLConsentRecord) async throws {
        do {
            try await store.transaction { database in
                try await database.delete(from: Self.table)
                    .where("account_id", .equal, consent.accountID)
                    .where("relying_party", .equal, consent.relyingParty)
                    .run()
                try await database.insert(into: Self.table)
                    .columns("account_id", "relying_party", "attributes", "granted_at")
                    .values(SQLBind(consent.accountID), SQLBind(consent.relyingParty),
                            SQLBind(consent.attributes.sorted().joined(separator: " ")), SQLBind(consent.grantedAt.unixSeconds))
                    .run()
            }
        } catch where ConstraintViolation.isForeignKey(error) {
            throw AccountStoreError(.accountNotFound, "no account \(consent.accountID) to record a consent for")
        }
    }

    public func find(accountID: String, relyingParty: String) async throws -> SAMLConsentRecord? {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table)
                .where("account_id", .equal, accountID)
                .where("relying_party", .equal, relyingParty)
                .first()
        }.map(SAMLConsentRecord.init(row:))
    }

    public func list(accountID: String) async throws -> [SAMLConsentRecord] {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table)
                .where("account_id", .equal, accountID)
                .orderBy("relying_party")
                .all()
        }.map(SAMLConsentRecord.init(row:))
    }

    @discardableResult
    public func delete(accountID: String, relyingParty: String) async throws -> Bool {
        try await store.transaction { database in
            try await database.delete(from: Self.table)
                .where("account_id", .equal, accountID)
                .where("relying_party", .equal, relyingParty)
                .returning("relying_party").all()
        }.isEmpty == false
    }
}

extension SAMLConsentRecord {
    init(row: any SQLRow) throws {
        self.init(
            accountID: try row.decode(column: "account_id", as: String.self),
            relyingParty: try row.decode(column: "relying_party", as: String.self),
            attributes: Set(try row.decode(column: "attributes", as: String.self).split(separator: " ").map(String.init)),
            grantedAt: Date(unixSeconds: try row.decode(column: "granted_at", as: Int64.self))
        )
    }
}
