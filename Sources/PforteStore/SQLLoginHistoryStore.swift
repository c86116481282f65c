public import Foundation
import SQLKit

/// ``LoginHistoryStore`` on SQL. Times are whole seconds as everywhere in the store; the row's id
/// starts with the event's time in milliseconds (big-endian, then random bytes), so that events
/// within one second keep their order and the trim to the latest events has a key to name.
public struct SQLLoginHistoryStore: LoginHistoryStore {
    static let table = "login_events"
    static let columns = ["account_id", "occurred_at", "method", "trust_level", "outcome", "browser"]

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func record(_ event: LoginEvent, keeping: Int) async throws {
        do {
            try await store.transaction { database in
                try await database.insert(into: Self.table)
                    .columns(["id"] + Self.columns)
                    .values(SQLBind(Self.newID(at: event.occurredAt)), SQLBind(event.accountID), SQLBind(event.occurredAt.unixSeconds),
                            SQLBind(event.method), SQLBind(event.trustLevel), SQLBind(event.outcome.rawValue), SQLBind(event.browser))
                    .run()
                try await database.delete(from: Self.table)
                    .where("account_id", .equal, event.accountID)
                    .where(SQLBinaryExpression(SQLColumn("id"), .notIn, SQLSubquery.select { select in
                        select.column("id").from(Self.table).where("account_id", .equal, event.accountID)
                            .orderBy("occurred_at", .descending).orderBy("id", .descending).limit(keeping)
                    }))
                    .run()
            }
        } catch where ConstraintViolation.isForeignKey(error) {
            return
        }
    }

    private static func newID(at instant: Date) -> Data {
        let milliseconds = UInt64(max(0, (instant.timeIntervalSince1970 * 1000).rounded(.down)))
        var generator = SystemRandomNumberGenerator()
        return Data((0..<8).reversed().map { UInt8(truncatingIfNeeded: milliseconds >> ($0 * 8)) })
            + Data((0..<8).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    public func events(accountID: String, limit: Int) async throws -> [LoginEvent] {
        try await store.withConnection { database in
            try await database.select().columns(Self.columns).from(Self.table)
                .where("account_id", .equal, accountID)
                .orderBy("occurred_at", .descending).orderBy("id", .descending)
                .limit(limit).all()
        }.map(LoginEvent.init(row:))
    }

    public func purge(before cutoff: Date) async throws -> Int {
        try await store.deleteInBatches(
            from: Self.table, key: ["id"], where: SQLBinaryExpression(SQLColumn("occurred_at"), .lessThan, SQLBind(cutoff.unixSeconds)),
            returning: ["id"]
        ).count
    }
}

extension LoginEvent {
    init(row: any SQLRow) throws {
        let outcome = try row.decode(column: "outcome", as: String.self)
        guard let known = LoginOutcome(rawValue: outcome) else {
            throw AccountStoreError(.unreadableValue, "unknown login outcome \(outcome)")
        }
        self.init(
            accountID: try row.decode(column: "account_id", as: String.self),
            occurredAt: Date(unixSeconds: try row.decode(column: "occurred_at", as: Int64.self)),
            method: try row.decode(column: "method", as: String.self),
            trustLevel: try row.decode(column: "trust_level", as: String.self),
            outcome: known,
            browser: try row.decode(column: "browser", as: String.self)
        )
    }
}

extension Migration {
    /// The citizen's security view (issue #18): the browser family of each session, and the
    /// history of login attempts, deleted with the account.
    static let securityView = Migration(version: 16, name: "session browser and login history") { database, _ in
        try await database.alter(table: SQLSessionStore.table)
            .column("browser", type: .text, .notNull, .default(""))
            .run()
        try await database.create(table: SQLLoginHistoryStore.table)
            .column("id", type: .blob, .primaryKey(autoIncrement: false))
            .column("account_id", type: .text, .notNull, .references(SQLAccountStore.table, "id", onDelete: .cascade))
            .column("occurred_at", type: .bigint, .notNull)
            .column("method", type: .text, .notNull)
            .column("trust_level", type: .text, .notNull)
            .column("outcome", type: .text, .notNull)
            .column("browser", type: .text, .notNull)
            .run()
        // Serves the account's list, its trim and the cascade from a deleted account.
        try await database.create(index: "login_events_account").on(SQLLoginHistoryStore.table)
            .column("account_id").column("occurred_at").run()
        try await database.create(index: "login_events_time").on(SQLLoginHistoryStore.table).column("occurred_at").run()
    }
}
