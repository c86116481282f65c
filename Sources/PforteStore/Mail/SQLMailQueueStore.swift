public import Foundation
import SQLKit

/// ``MailQueueStore`` on SQL.
public struct SQLMailQueueStore: MailQueueStore {
    static let table = "mail_outbox"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func enqueue(_ mails: [OutgoingMail]) async throws {
        guard !mails.isEmpty else { return }
        try await store.transaction { database in
            try await Self.insert(mails, on: database)
        }
    }

    /// Inserts `mails` on `database`, inside the caller's transaction: the store of a change
    /// that causes mail writes both in one commit.
    static func insert(_ mails: [OutgoingMail], on database: any SQLDatabase) async throws {
        guard !mails.isEmpty else { return }
        let insert = database.insert(into: table)
            .columns("id", "sealed_content", "state", "attempts", "created_at", "next_attempt_at", "claimed_until", "origin")
        for mail in mails {
            insert.values(SQLBind(mail.id), SQLBind(mail.sealedContent), SQLBind(MailState.queued.rawValue), SQLBind(Int64(0)),
                          SQLBind(mail.queuedAt.unixSeconds), SQLBind(mail.queuedAt.unixSeconds), SQLBind(Int64(0)),
                          SQLBind(mail.origin))
        }
        try await insert.run()
    }

    public func claim(limit: Int, now: Date, lease: TimeInterval, node: String, handover: TimeInterval) async throws -> [QueuedMail] {
        let now = now.unixSeconds
        // PostgreSQL: a row another node is claiming right now is skipped, not waited for.
        let skipLocked = SQLQueryString(store.kind == .postgres ? " FOR UPDATE SKIP LOCKED" : "")
        let rows = try await store.transaction { database in
            try await database.raw("""
                UPDATE \(ident: Self.table) SET \(ident: "claimed_until") = \(bind: now + lease.wholeSeconds),
                    \(ident: "attempts") = \(ident: "attempts") + 1
                WHERE \(ident: "id") IN (
                    SELECT \(ident: "id") FROM \(ident: Self.table)
                    WHERE \(ident: "state") = \(bind: MailState.queued.rawValue) AND \(ident: "next_attempt_at") <= \(bind: now)
                        AND \(ident: "claimed_until") <= \(bind: now)
                        AND (\(ident: "origin") = \(bind: node) OR \(ident: "created_at") <= \(bind: now - handover.wholeSeconds))
                    ORDER BY \(ident: "next_attempt_at"), \(ident: "created_at") LIMIT \(bind: Int64(limit))\(skipLocked)
                )
                RETURNING *
                """).all()
        }
        return try rows.map(QueuedMail.init(row:)).sorted { ($0.nextAttemptAt, $0.createdAt) < ($1.nextAttemptAt, $1.createdAt) }
    }

    public func markSent(id: String, now: Date) async throws {
        try await store.transaction { database in
            try await database.update(Self.table)
                .set("state", to: SQLBind(MailState.sent.rawValue))
                .set("sealed_content", to: SQLLiteral.null)
                .set("last_error", to: SQLLiteral.null)
                .set("finished_at", to: SQLBind(now.unixSeconds))
                .set("claimed_until", to: SQLBind(Int64(0)))
                .where("id", .equal, id)
                .run()
        }
    }

    public func remove(id: String) async throws {
        try await store.transaction { database in
            try await database.delete(from: Self.table).where("id", .equal, id).run()
        }
    }

    public func markFailed(id: String, error: String, retryAt: Date?, now: Date) async throws {
        try await store.transaction { database in
            let update = database.update(Self.table)
                .set("last_error", to: SQLBind(String(error.prefix(1000))))
                .set("claimed_until", to: SQLBind(Int64(0)))
            if let retryAt {
                update.set("next_attempt_at", to: SQLBind(retryAt.unixSeconds))
            } else {
                update.set("state", to: SQLBind(MailState.failed.rawValue)).set("finished_at", to: SQLBind(now.unixSeconds))
            }
            try await update.where("id", .equal, id).where("state", .equal, MailState.queued.rawValue).run()
        }
    }

    public func list(state: MailState?, limit: Int) async throws -> [QueuedMail] {
        try await store.withConnection { database in
            let select = database.select().column("*").from(Self.table)
            if let state { select.where("state", .equal, state.rawValue) }
            return try await select.orderBy("created_at").orderBy("id").limit(limit).all()
        }.map(QueuedMail.init(row:))
    }

    @discardableResult
    public func retry(id: String?, now: Date) async throws -> Int {
        try await store.transaction { database in
            let update = database.update(Self.table)
                .set("state", to: SQLBind(MailState.queued.rawValue))
                .set("next_attempt_at", to: SQLBind(now.unixSeconds))
                .set("finished_at", to: SQLLiteral.null)
                .where("state", .in, [MailState.queued.rawValue, MailState.failed.rawValue])
            if let id { update.where("id", .equal, id) }
            return try await update.returning("id").all()
        }.count
    }

    public func statistics() async throws -> MailQueueStatistics {
        let rows = try await store.withConnection { database in
            try await database.select()
                .column("state")
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "messages")
                .column(SQLFunction("MIN", args: SQLColumn("created_at")), as: "oldest")
                .from(Self.table).groupBy("state")
                .all()
        }
        var statistics = MailQueueStatistics(queued: 0, sent: 0, failed: 0, oldestQueuedAt: nil)
        for row in rows {
            let count = Int(try row.decode(column: "messages", as: Int64.self))
            switch MailState(rawValue: try row.decode(column: "state", as: String.self)) {
            case .queued:
                statistics.queued = count
                statistics.oldestQueuedAt = Date(unixSeconds: try row.decode(column: "oldest", as: Int64.self))
            case .sent: statistics.sent = count
            case .failed: statistics.failed = count
            case nil: throw AccountStoreError(.unreadableValue, "unknown mail state in \(Self.table)")
            }
        }
        return statistics
    }

    public func purge(finishedBefore cutoff: Date) async throws -> Int {
        let finished = SQLBinaryExpression(SQLColumn("state"), .in, SQLBind.group([MailState.sent.rawValue, MailState.failed.rawValue]))
        let old = SQLBinaryExpression(SQLColumn("finished_at"), .lessThan, SQLBind(cutoff.unixSeconds))
        return try await store.deleteInBatches(
            from: Self.table, key: ["id"], where: SQLBinaryExpression(finished, .and, old), returning: ["id"]
        ).count
    }
}

extension QueuedMail {
    init(row: any SQLRow) throws {
        let state = try row.decode(column: "state", as: String.self)
        guard let state = MailState(rawValue: state) else {
            throw AccountStoreError(.unreadableValue, "unknown mail state \(state)")
        }
        self.init(
            id: try row.decode(column: "id", as: String.self),
            sealedContent: try row.decode(column: "sealed_content", as: Data?.self),
            state: state,
            attempts: Int(try row.decode(column: "attempts", as: Int64.self)),
            createdAt: Date(unixSeconds: try row.decode(column: "created_at", as: Int64.self)),
            nextAttemptAt: Date(unixSeconds: try row.decode(column: "next_attempt_at", as: Int64.self)),
            lastError: try row.decode(column: "last_error", as: String?.self),
            finishedAt: try row.decode(column: "finished_at", as: Int64?.self).map(Date.init(unixSeconds:))
        )
    }
}

extension Migration {
    static let mailOutbox = Migration(version: 14, name: "mail outbox") { database, _ in
        try await database.create(table: SQLMailQueueStore.table)
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("sealed_content", type: .blob)
            .column("state", type: .text, .notNull)
            .column("attempts", type: .bigint, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("next_attempt_at", type: .bigint, .notNull)
            .column("claimed_until", type: .bigint, .notNull)
            .column("last_error", type: .text)
            .column("finished_at", type: .bigint)
            .column("origin", type: .text, .notNull)
            .run()
        try await database.create(index: "mail_outbox_due")
            .on(SQLMailQueueStore.table).column("state").column("next_attempt_at")
            .run()
    }
}
