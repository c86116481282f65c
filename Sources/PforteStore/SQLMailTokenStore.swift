public import Foundation
import SQLKit

/// ``MailTokenStore`` on SQL. `consume` is one `DELETE … RETURNING`: of two nodes racing for one
/// token, the database lets exactly one delete the row.
public struct SQLMailTokenStore: MailTokenStore {
    static let table = "mail_tokens"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    @discardableResult
    public func issue(digest: SecretDigest, purpose: MailTokenPurpose, accountID: String, sealedPayload: Data?,
                      expiresAt: Date, now: Date, replacingOutstanding: Bool, mails: [OutgoingMail]) async throws -> MailTokenRecord {
        let record = MailTokenRecord(
            digest: digest, purpose: purpose, accountID: accountID, sealedPayload: sealedPayload,
            createdAt: Date(unixSeconds: now.unixSeconds), expiresAt: Date(unixSeconds: expiresAt.unixSeconds)
        )
        do {
            try await store.transaction { database in
                try await Self.insert(record, replacingOutstanding: replacingOutstanding, on: database)
                try await SQLMailQueueStore.insert(mails, on: database)
            }
        } catch where ConstraintViolation.isForeignKey(error) {
            throw AccountStoreError(.accountNotFound, "no account \(accountID) to issue a mail token for")
        }
        return record
    }

    /// Inserts the token on `database`, inside the caller's transaction.
    static func insert(_ record: MailTokenRecord, replacingOutstanding: Bool, on database: any SQLDatabase) async throws {
        if replacingOutstanding {
            try await database.delete(from: table)
                .where("account_id", .equal, record.accountID).where("purpose", .equal, record.purpose.rawValue)
                .run()
        }
        try await database.insert(into: table)
            .columns("digest", "purpose", "account_id", "sealed_payload", "created_at", "expires_at")
            .values(SQLBind(record.digest.bytes), SQLBind(record.purpose.rawValue), SQLBind(record.accountID),
                    SQLBind(record.sealedPayload), SQLBind(record.createdAt.unixSeconds), SQLBind(record.expiresAt.unixSeconds))
            .run()
    }

    public func find(digest: SecretDigest, purpose: MailTokenPurpose, now: Date) async throws -> MailTokenRecord? {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table)
                .where("digest", .equal, digest.bytes)
                .where("purpose", .equal, purpose.rawValue)
                .where("expires_at", .greaterThan, now.unixSeconds)
                .first()
        }.map(MailTokenRecord.init(row:))
    }

    public func consume(digest: SecretDigest, purpose: MailTokenPurpose, now: Date) async throws -> MailTokenRecord? {
        try await store.transaction { database in
            try await database.delete(from: Self.table)
                .where("digest", .equal, digest.bytes)
                .where("purpose", .equal, purpose.rawValue)
                .where("expires_at", .greaterThan, now.unixSeconds)
                .returning("*")
                .first()
        }.map(MailTokenRecord.init(row:))
    }

    @discardableResult
    public func revokeAll(accountID: String, purpose: MailTokenPurpose?) async throws -> Int {
        try await store.transaction { database in
            let delete = database.delete(from: Self.table).where("account_id", .equal, accountID)
            if let purpose { delete.where("purpose", .equal, purpose.rawValue) }
            return try await delete.returning("purpose").all()
        }.count
    }

    public func purgeExpired(now: Date) async throws -> Int {
        try await store.deleteInBatches(
            from: Self.table, key: ["digest"], where: expired("expires_at", atOrBefore: now.unixSeconds), returning: ["purpose"]
        ).count
    }
}

extension MailTokenRecord {
    init(row: any SQLRow) throws {
        let purpose = try row.decode(column: "purpose", as: String.self)
        guard let purpose = MailTokenPurpose(rawValue: purpose) else {
            throw AccountStoreError(.unreadableValue, "unknown mail token purpose \(purpose)")
        }
        self.init(
            digest: try SecretDigest(try row.decode(column: "digest", as: Data.self)),
            purpose: purpose,
            accountID: try row.decode(column: "account_id", as: String.self),
            sealedPayload: try row.decode(column: "sealed_payload", as: Data?.self),
            createdAt: Date(unixSeconds: try row.decode(column: "created_at", as: Int64.self)),
            expiresAt: Date(unixSeconds: try row.decode(column: "expires_at", as: Int64.self))
        )
    }
}

extension Migration {
    static let mailTokens = Migration(version: 3, name: "mail tokens") { database, _ in
        try await database.create(table: SQLMailTokenStore.table)
            .column("digest", type: .blob, .primaryKey(autoIncrement: false))
            .column("purpose", type: .text, .notNull)
            .column("account_id", type: .text, .notNull, .references(SQLAccountStore.table, "id", onDelete: .cascade))
            .column("sealed_payload", type: .blob)
            .column("created_at", type: .bigint, .notNull)
            .column("expires_at", type: .bigint, .notNull)
            .run()
        // Serves revokeAll and the cascade from a deleted account.
        try await database.create(index: "mail_tokens_account")
            .on(SQLMailTokenStore.table).column("account_id").column("purpose")
            .run()
        try await database.create(index: "mail_tokens_expiry")
            .on(SQLMailTokenStore.table).column("expires_at")
            .run()
    }
}
