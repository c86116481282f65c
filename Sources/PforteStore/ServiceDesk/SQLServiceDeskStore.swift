import Foundation
import SQLKit

/// ``ServiceDeskStore`` on SQL. Every change runs in one transaction with the insert of its
/// audit row; a change whose account is missing throws before anything is written.
public struct SQLServiceDeskStore: ServiceDeskStore {
    static let locks = "account_locks"
    static let audit = "audit_events"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func lock(accountID: String, reason: String, event: AuditTrailEntry) async throws -> [EndedSession] {
        try await store.transaction { database in
            try await Self.requireAccount(accountID, on: database)
            try await database.delete(from: Self.locks).where("account_id", .equal, accountID).run()
            try await database.insert(into: Self.locks)
                .columns("account_id", "locked_at", "locked_by", "reason")
                .values(SQLBind(accountID), SQLBind(event.occurredAt.unixSeconds), SQLBind(event.actor), SQLBind(reason))
                .run()
            let ended = try await Self.endSessions(accountID, now: event.occurredAt, on: database)
            try await Self.append(event, on: database)
            return ended
        }
    }

    public func unlock(accountID: String, event: AuditTrailEntry) async throws -> Bool {
        try await store.transaction { database in
            try await Self.requireAccount(accountID, on: database)
            let lifted = try await database.delete(from: Self.locks).where("account_id", .equal, accountID)
                .returning("account_id").all()
            try await Self.append(event, on: database)
            return !lifted.isEmpty
        }
    }

    public func lock(of accountID: String) async throws -> AccountLock? {
        try await store.withConnection { database in
            try await database.select().columns("account_id", "locked_at", "locked_by", "reason").from(Self.locks)
                .where("account_id", .equal, accountID).first()
        }.map { row in
            AccountLock(accountID: try row.decode(column: "account_id", as: String.self),
                        lockedAt: Date(unixSeconds: try row.decode(column: "locked_at", as: Int64.self)),
                        lockedBy: try row.decode(column: "locked_by", as: String.self),
                        reason: try row.decode(column: "reason", as: String.self))
        }
    }

    public func endSessions(accountID: String, event: AuditTrailEntry) async throws -> [EndedSession] {
        try await store.transaction { database in
            try await Self.requireAccount(accountID, on: database)
            let ended = try await Self.endSessions(accountID, now: event.occurredAt, on: database)
            try await Self.append(event, on: database)
            return ended
        }
    }

    public func delete(accountID: String, event: AuditTrailEntry) async throws -> [EndedSession] {
        try await store.transaction { database in
            try await Self.requireAccount(accountID, on: database)
            let ended = try await Self.endSessions(accountID, now: event.occurredAt, on: database)
            try await database.delete(from: Self.locks).where("account_id", .equal, accountID).run()
            try await database.delete(from: SQLAccountStore.table).where("id", .equal, accountID).run()
            try await Self.append(event, on: database)
            return ended
        }
    }

    public func record(_ event: AuditTrailEntry, link: LinkIssue?, mails: [OutgoingMail]) async throws {
        try await store.transaction { database in
            if let link, let accountID = event.accountID {
                try await Self.requireAccount(accountID, on: database)
                let record = MailTokenRecord(digest: link.digest, purpose: link.purpose, accountID: accountID, sealedPayload: nil,
                                             createdAt: Date(unixSeconds: event.occurredAt.unixSeconds),
                                             expiresAt: Date(unixSeconds: link.expiresAt.unixSeconds))
                try await SQLMailTokenStore.insert(record, replacingOutstanding: true, on: database)
            }
            try await SQLMailQueueStore.insert(mails, on: database)
            try await Self.append(event, on: database)
        }
    }

    public func events(accountID: String?, actions: Set<AuditAction>?, limit: Int, offset: Int) async throws -> [AuditTrailEntry] {
        try await store.withConnection { database in
            let select = database.select().columns("id", "occurred_at_ms", "actor", "action", "account_id", "reason").from(Self.audit)
            if let accountID { select.where("account_id", .equal, accountID) }
            if let actions { select.where("action", .in, actions.map(\.rawValue).sorted()) }
            return try await select.orderBy("occurred_at_ms", .descending).orderBy("id", .descending)
                .limit(limit).offset(offset).all()
        }.map(AuditTrailEntry.init(row:))
    }

    // MARK: - Inside a transaction

    private static func requireAccount(_ accountID: String, on database: any SQLDatabase) async throws {
        guard try await database.select().column("id").from(SQLAccountStore.table).where("id", .equal, accountID).first() != nil
        else { throw AccountStoreError(.accountNotFound, "no account \(accountID)") }
    }

    /// Ends the sessions (their links stay for the back-channel notifier, which finds them
    /// ended) and revokes every token family of the account, so that no refresh token works
    /// whether or not its grant rests on a session.
    private static func endSessions(_ accountID: String, now: Date, on database: any SQLDatabase) async throws -> [EndedSession] {
        try await SQLTokenFamily.revoke(accountID: accountID, clientID: nil, now: now, on: database)
        return try await database.delete(from: SQLSessionStore.table).where("account_id", .equal, accountID)
            .returning("id_digest", "account_id").all().map(EndedSession.init(row:))
    }

    static func append(_ event: AuditTrailEntry, on database: any SQLDatabase) async throws {
        try await database.insert(into: audit)
            .columns("id", "occurred_at_ms", "actor", "action", "account_id", "reason")
            .values(SQLBind(event.id), SQLBind(Int64((event.occurredAt.timeIntervalSince1970 * 1000).rounded(.down))),
                    SQLBind(event.actor), SQLBind(event.action.rawValue), SQLBind(event.accountID), SQLBind(event.reason))
            .run()
    }
}

extension AuditTrailEntry {
    init(row: any SQLRow) throws {
        let action = try row.decode(column: "action", as: String.self)
        guard let known = AuditAction(rawValue: action) else {
            throw AccountStoreError(.unreadableValue, "unknown audit action \(action)")
        }
        self.init(id: try row.decode(column: "id", as: String.self),
                  occurredAt: Date(timeIntervalSince1970: TimeInterval(try row.decode(column: "occurred_at_ms", as: Int64.self)) / 1000),
                  actor: try row.decode(column: "actor", as: String.self), action: known,
                  accountID: try row.decode(column: "account_id", as: String?.self),
                  reason: try row.decode(column: "reason", as: String?.self))
    }
}

extension Migration {
    /// Issue #22: administrative locks and the audit trail. The trail has no reference to the
    /// accounts table, so that it outlives a deleted account.
    static let serviceDesk = Migration(version: 19, name: "account locks and audit trail") { database, _ in
        try await database.create(table: SQLServiceDeskStore.locks)
            .column("account_id", type: .text, .primaryKey(autoIncrement: false),
                    .references(SQLAccountStore.table, "id", onDelete: .cascade))
            .column("locked_at", type: .bigint, .notNull)
            .column("locked_by", type: .text, .notNull)
            .column("reason", type: .text, .notNull)
            .run()
        try await database.create(table: SQLServiceDeskStore.audit)
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("occurred_at_ms", type: .bigint, .notNull)
            .column("actor", type: .text, .notNull)
            .column("action", type: .text, .notNull)
            .column("account_id", type: .text)
            .column("reason", type: .text)
            .run()
        try await database.create(index: "audit_events_time").on(SQLServiceDeskStore.audit).column("occurred_at_ms").run()
        try await database.create(index: "audit_events_account").on(SQLServiceDeskStore.audit).column("account_id").run()
    }
}
