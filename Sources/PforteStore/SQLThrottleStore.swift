public import Foundation
import SQLKit

/// ``ThrottleStore`` on SQL. A reservation is one upsert whose `DO UPDATE … WHERE` is the
/// limit: PostgreSQL locks the row for it and SQLite has one writer, so of many concurrent
/// attempts each sees the pending ones before it. All counters of one attempt are reserved in
/// one transaction, which a refusal rolls back.
public struct SQLThrottleStore: ThrottleStore {
    static let table = "throttle_counters"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    /// Thrown inside the reservation's transaction to roll it back.
    private struct Refusal: Error {
        let reservation: ThrottleReservation
    }

    public func reserve(_ counters: [ThrottleCounter], now: Date) async throws -> ThrottleReservation {
        do {
            try await store.transaction { database in
                for counter in counters {
                    let terms = Terms(limit: counter.limit, now: now.unixSeconds)
                    let granted = try await database.raw("""
                        INSERT INTO \(ident: Self.table) (\(ident: "scope"), \(ident: "key"), \(ident: "failures"), \(ident: "last_failure_at"), \(ident: "pending"), \(ident: "reserved_at"))
                        VALUES (\(bind: counter.scope), \(bind: counter.key), 0, 0, 1, \(bind: now.unixSeconds))
                        ON CONFLICT (\(ident: "scope"), \(ident: "key")) DO UPDATE SET
                            \(ident: "failures") = \(unsafeRaw: terms.recent), \(ident: "pending") = \(unsafeRaw: terms.live) + 1,
                            \(ident: "reserved_at") = \(bind: now.unixSeconds)
                        WHERE \(unsafeRaw: terms.allowed)
                        RETURNING \(ident: "failures")
                        """).first()
                    if granted == nil {
                        throw Refusal(reservation: try await refusal(of: counter, now: now, on: database))
                    }
                }
            }
        } catch let refusal as Refusal {
            return refusal.reservation
        }
        return .granted
    }

    /// Why `counter` refused: its ceiling, or the seconds until its wait is over.
    private func refusal(of counter: ThrottleCounter, now: Date, on database: any SQLDatabase) async throws -> ThrottleReservation {
        let state = try await Self.state(scope: counter.scope, key: counter.key, now: now, window: counter.limit.window, on: database)
        if let ceiling = counter.limit.ceiling, state.failures + state.pending >= ceiling { return .ceilingReached }
        let delay = counter.limit.delay(afterCount: state.failures + state.pending)
        let anchor = max(state.lastFailureAt ?? .distantPast, state.pending > 0 ? state.reservedAt : .distantPast)
        return .refused(retryAfter: max(1, anchor.addingTimeInterval(TimeInterval(delay)).timeIntervalSince(now).rounded(.up)))
    }

    @discardableResult
    public func settle(_ counters: [ThrottleCounter], failed: Bool, now: Date) async throws -> [String: Int] {
        try await store.transaction { database in
            var failures: [String: Int] = [:]
            for counter in counters {
                let terms = Terms(limit: counter.limit, now: now.unixSeconds)
                let lastFailure = SQLQueryString("\(ident: Self.table).\(ident: "last_failure_at")")
                if failed {
                    let row = try await database.raw("""
                        INSERT INTO \(ident: Self.table) (\(ident: "scope"), \(ident: "key"), \(ident: "failures"), \(ident: "last_failure_at"), \(ident: "pending"), \(ident: "reserved_at"))
                        VALUES (\(bind: counter.scope), \(bind: counter.key), 1, \(bind: now.unixSeconds), 0, 0)
                        ON CONFLICT (\(ident: "scope"), \(ident: "key")) DO UPDATE SET
                            \(ident: "failures") = \(unsafeRaw: terms.recent) + 1,
                            \(ident: "last_failure_at") = CASE WHEN \(lastFailure) < \(bind: now.unixSeconds) THEN \(bind: now.unixSeconds) ELSE \(lastFailure) END,
                            \(ident: "pending") = CASE WHEN \(unsafeRaw: terms.live) > 0 THEN \(unsafeRaw: terms.live) - 1 ELSE 0 END
                        RETURNING \(ident: "failures")
                        """).first()
                    failures[counter.scope] = Int(try row?.decode(column: "failures", as: Int64.self) ?? 0)
                } else if counter.forgottenOnSuccess {
                    try await database.delete(from: Self.table)
                        .where("scope", .equal, counter.scope).where("key", .equal, counter.key).run()
                    failures[counter.scope] = 0
                } else {
                    let row = try await database.raw("""
                        UPDATE \(ident: Self.table) SET \(ident: "pending") = CASE WHEN \(unsafeRaw: terms.live) > 0 THEN \(unsafeRaw: terms.live) - 1 ELSE 0 END
                        WHERE \(ident: "scope") = \(bind: counter.scope) AND \(ident: "key") = \(bind: counter.key)
                        RETURNING \(unsafeRaw: terms.recent) AS \(ident: "failures")
                        """).first()
                    failures[counter.scope] = Int(try row?.decode(column: "failures", as: Int64.self) ?? 0)
                }
            }
            return failures
        }
    }

    public func state(scope: String, key: String, now: Date, window: Int64?) async throws -> ThrottleState {
        try await store.withConnection { database in
            let stored = try await Self.state(scope: scope, key: key, now: now, window: window, on: database)
            return ThrottleState(failures: stored.failures, pending: stored.pending, lastFailureAt: stored.lastFailureAt)
        }
    }

    private struct StoredState {
        var failures = 0
        var pending = 0
        var lastFailureAt: Date?
        var reservedAt = Date.distantPast
    }

    private static func state(scope: String, key: String, now: Date, window: Int64?, on database: any SQLDatabase) async throws -> StoredState {
        guard let row = try await database.select().columns("failures", "last_failure_at", "pending", "reserved_at").from(table)
            .where("scope", .equal, scope).where("key", .equal, key)
            .first()
        else { return StoredState() }
        let lastFailure = try row.decode(column: "last_failure_at", as: Int64.self)
        let reservedAt = try row.decode(column: "reserved_at", as: Int64.self)
        let isRecent = window.map { lastFailure > now.unixSeconds - $0 } ?? true
        let isLive = reservedAt > now.unixSeconds - reservationLifetime
        return StoredState(
            failures: isRecent ? Int(try row.decode(column: "failures", as: Int64.self)) : 0,
            pending: isLive ? Int(try row.decode(column: "pending", as: Int64.self)) : 0,
            lastFailureAt: lastFailure > 0 ? Date(unixSeconds: lastFailure) : nil,
            reservedAt: Date(unixSeconds: reservedAt)
        )
    }

    public func reset(scope: String, key: String) async throws {
        try await store.transaction { database in
            try await database.delete(from: Self.table)
                .where("scope", .equal, scope).where("key", .equal, key)
                .run()
        }
    }

    public func purge(olderThan cutoff: Date, keeping keptScopes: Set<String>) async throws -> Int {
        let old = SQLBinaryExpression(
            SQLBinaryExpression(SQLColumn("last_failure_at"), .lessThan, SQLBind(cutoff.unixSeconds)), .and,
            SQLBinaryExpression(SQLColumn("reserved_at"), .lessThan, SQLBind(cutoff.unixSeconds))
        )
        let condition = keptScopes.isEmpty ? old : SQLBinaryExpression(
            old, .and, SQLBinaryExpression(SQLColumn("scope"), .notIn, SQLBind.group(keptScopes.sorted()))
        )
        return try await store.deleteInBatches(from: Self.table, key: ["scope", "key"], where: condition, returning: ["scope"]).count
    }
}

/// The SQL terms of a counter's limit at `now`, over the stored row (qualified by the table,
/// as an upsert's `DO UPDATE` needs). Every number is an integer the limit or clock made, so
/// it is written into the statement rather than bound: the terms repeat, and SQLite numbers
/// its parameters.
private struct Terms {
    let limit: ThrottleLimit
    let now: Int64

    private func column(_ name: String) -> String { "\(SQLThrottleStore.table).\(name)" }

    /// Failures still counted: all, or none once the window has passed since the last.
    var recent: String {
        guard let window = limit.window else { return column("failures") }
        return "(CASE WHEN \(column("last_failure_at")) > \(now - window) THEN \(column("failures")) ELSE 0 END)"
    }

    /// Reservations still counted.
    var live: String {
        "(CASE WHEN \(column("reserved_at")) > \(now - SQLThrottleStore.reservationLifetime) THEN \(column("pending")) ELSE 0 END)"
    }

    private var count: String { "(\(recent) + \(live))" }

    /// Whether a new attempt may be reserved: below the ceiling, and past the wait that the
    /// count asks for, measured from the later of the last failure and a live reservation.
    var allowed: String {
        var conditions: [String] = []
        if let ceiling = limit.ceiling { conditions.append("\(count) < \(ceiling)") }
        if limit.delays.contains(where: { $0 > 0 }) {
            let cases = limit.delays.dropLast().enumerated().map { "WHEN \($0.offset) THEN \($0.element)" }.joined(separator: " ")
            let delay = cases.isEmpty ? "\(limit.delays.last ?? 0)" : "(CASE \(count) \(cases) ELSE \(limit.delays.last ?? 0) END)"
            let anchor = "(CASE WHEN \(live) > 0 AND \(column("reserved_at")) > \(column("last_failure_at")) THEN \(column("reserved_at")) ELSE \(column("last_failure_at")) END)"
            conditions.append("(\(delay) = 0 OR \(anchor) + \(delay) <= \(now))")
        }
        return conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND ")
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

    /// Reservations (issue #18): attempts being checked count until they are settled.
    static let throttleReservations = Migration(version: 15, name: "throttle reservations") { database, _ in
        try await database.alter(table: SQLThrottleStore.table).column("pending", type: .bigint, .notNull, .default(0)).run()
        try await database.alter(table: SQLThrottleStore.table).column("reserved_at", type: .bigint, .notNull, .default(0)).run()
    }
}
