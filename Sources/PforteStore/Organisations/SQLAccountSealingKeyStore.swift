public import Foundation
import SQLKit

/// ``AccountSealingKeyStore`` on SQL; the row goes with its account (cascade).
public struct SQLAccountSealingKeyStore: AccountSealingKeyStore {
    static let table = "account_sealing_keys"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func find(accountID: String) async throws -> AccountSealingKeyRecord? {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table).where("account_id", .equal, accountID).first()
        }.map(AccountSealingKeyRecord.init(row:))
    }

    public func createIfAbsent(_ record: AccountSealingKeyRecord) async throws -> AccountSealingKeyRecord {
        do {
            try await store.transaction { database in
                try await database.insert(into: Self.table)
                    .columns("account_id", "public_key", "sealed_private_key")
                    .values(SQLBind(record.accountID), SQLBind(record.publicKey), SQLBind(record.sealedPrivateKey))
                    .ignoringConflicts(with: "account_id")
                    .run()
            }
        } catch where ConstraintViolation.isForeignKey(error) {
            throw AccountStoreError(.accountNotFound, "no account \(record.accountID) for a sealing key")
        }
        guard let stored = try await find(accountID: record.accountID) else {
            throw AccountStoreError(.accountNotFound, "no account \(record.accountID) for a sealing key")
        }
        return stored
    }

    public func publicKeys(accountIDs: [String]) async throws -> [String: Data] {
        guard !accountIDs.isEmpty else { return [:] }
        let rows = try await store.withConnection { database in
            try await database.select().column("account_id").column("public_key").from(Self.table)
                .where("account_id", .in, accountIDs).all()
        }
        var keys: [String: Data] = [:]
        for row in rows {
            keys[try row.decode(column: "account_id", as: String.self)] = try row.decode(column: "public_key", as: Data.self)
        }
        return keys
    }
}

extension AccountSealingKeyRecord {
    init(row: any SQLRow) throws {
        self.init(
            accountID: try row.decode(column: "account_id", as: String.self),
            publicKey: try row.decode(column: "public_key", as: Data.self),
            sealedPrivateKey: try row.decode(column: "sealed_private_key", as: Data.self)
        )
    }
}
