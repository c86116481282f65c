public import Foundation
import SQLKit

/// ``ThrottleStore`` on SQL: each failure is one upsert, so concurrent failures on any nodes
/// each count exactly once (PostgreSQL locks the row for the update; SQLite has one writer).
public struct SQLThrottleStore: ThrottleStore {
    static let table = "throttle_counters"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    /// Another node's clock may be slightly behind: the last failure time never moves back.
    @discardableResult
    public func recordFailure(scope: String, key: String, now: Date, window: TimeInterval) async throws -> ThrottleState {
        let now = now.unixSeconds
        let lastFailure = SQLQueryString("\(ident: Self.table).\(ident: "last_failure_at")")
        let row = try await store.transaction { database in
            try await database.insert(into: Self.table)
                .columns("scope", "key", "failures", "last_failure_at")
                .values(SQLBind(scope), SQLBind(key), SQLBind(Int64(1)), SQLBind(now))
                .onConflict(with: ["scope", "key"]) { update in
                    update
                        .set("failures", to: SQLQueryString(
                            "CASE WHEN \(lastFailure) <= \(bind: now - window.wholeSeconds) THEN 1 ELSE \(ident: Self.table).\(ident: "failures") + 1 END"
                        ))
                        .set("last_failure_at", to: SQLQueryString(
                            "CASE WHEN \(lastFailure) < \(bind: now) THEN \(bind: now) ELSE \(lastFailure) END"
                        ))
                }
                .returning("failures", "last_failure_at")
                .first()
        }
        guard let row else { throw AccountStoreError(.unreadableValue, "the counter upsert returned no row") }
        return ThrottleState(
            failures: Int(try row.decode(column: "failures", as: Int64.self)),
            lastFailureAt: Date(unixSeconds: try row.decode(column: "last_failure_at", as: Int64.self))
        )
    }

    public func state(scope: String, key: String, now: Date, window: TimeInterval) async throws -> ThrottleState {
        let row = try await store.withConnection { database in
            try await database.select().columns("failures", "last_failure_at").from(Self.table)
                .where("scope", .equal, scope).where("key", .equal, key)
                .first()
        }
        guard let row else { return ThrottleState(failures: 0, lastFailureAt: nil) }
        let lastFailure = try row.decode(column: "last_failure_at", as: Int64.self)
        let isRecent = lastFailure > now.unixSeconds - window.wholeSeconds
        return ThrottleState(
            failures: isRecent ? Int(try row.decode(column: "failures", as: Int64.self)) : 0,
            lastFailureAt: Date(unixSeconds: lastFailure)
        )
    }

    public func reset(scope: String, key: String) async throws {
        try await store.transaction { database in
            try await database.delete(from: Self.table)
                .where("scope", .equal, scope).where("key", .equal, key)
                .run()
        }
    }

    public func purge(olderThan cutoff: Date) async throws -> Int {
        try await store.deleteInBatches(
            from: Self.table, key: ["scope", "key"],
            where: SQLBinaryExpression(SQLColumn("last_failure_at"), .lessThan, SQLBind(cutoff.unixSeconds)), returning: ["scope"]
        ).count
    }
}

extension Migration {
    static let throttleCounters = Migration(version: 5, name: "throttle counters") { database, _ in
        try await database.create(table: SQLThrottleStore.table)
            .column("scope", type: .text, .notNull)
            .column("key", type: .text, .notNull)
            .column("failures", type: .bigint, .notNull)
            .column("last_failure_at", type: .bigint, .notNull)
            .primaryKey("scope", "key")
            .run()
        try await database.create(index: "throttle_counters_last_failure")
            .on(SQLThrottleStore.table).column("last_failure_at")
            .run()
    }
}
