public import Foundation
import SQLKit

/// ``SessionStore`` on SQL.
///
/// Besides the record's fields the table keeps `idle_expires_at` (`last_seen_at` plus the idle
/// timeout), maintained on every write, so that finding and purging ended sessions compare
/// indexed columns instead of computing per row.
public struct SQLSessionStore: SessionStore {
    static let table = "sessions"
    /// Named rather than `*`: an SQLite connection that read the schema before a migration
    /// added a column expands `*` by the schema it knew.
    static let recordColumns = [
        "id_digest", "account_id", "sealed_payload", "trust_level", "amr", "auth_time", "level_auth_times", "created_at",
        "last_seen_at", "expires_at", "idle_timeout_seconds", "browser",
    ]

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func create(_ session: SessionRecord) async throws {
        try await mappingMissingAccount(session.accountID) {
            try await store.transaction { try await insert(session, into: $0) }
        }
    }

    public func find(idDigest: SecretDigest, now: Date) async throws -> SessionRecord? {
        try await store.withConnection { database in
            try await database.select().columns(Self.recordColumns).from(Self.table)
                .where("id_digest", .equal, idDigest.bytes)
                .where("expires_at", .greaterThan, now.unixSeconds)
                .where("idle_expires_at", .greaterThan, now.unixSeconds)
                .first()
        }.map(SessionRecord.init(row:))
    }

    public func sessions(accountID: String, now: Date) async throws -> [SessionRecord] {
        try await store.withConnection { database in
            try await database.select().columns(Self.recordColumns).from(Self.table)
                .where("account_id", .equal, accountID)
                .where("expires_at", .greaterThan, now.unixSeconds)
                .where("idle_expires_at", .greaterThan, now.unixSeconds)
                .orderBy("last_seen_at", .descending).orderBy("created_at", .descending)
                .all()
        }.map(SessionRecord.init(row:))
    }

    /// Whether the session is live at `now`, inside a caller's transaction (issuing tokens of a
    /// grant that rests on it).
    static func isLive(idDigest: SecretDigest, now: Date, on database: any SQLDatabase) async throws -> Bool {
        try await database.select().column("id_digest").from(table)
            .where("id_digest", .equal, idDigest.bytes)
            .where("expires_at", .greaterThan, now.unixSeconds)
            .where("idle_expires_at", .greaterThan, now.unixSeconds)
            .first() != nil
    }

    /// Requests racing on several nodes may touch out of order: the last-seen time only moves
    /// forward.
    public func touch(idDigest: SecretDigest, lastSeenAt: Date) async throws -> Bool {
        let seen = lastSeenAt.unixSeconds
        let isLater = SQLQueryString("\(ident: "last_seen_at") < \(bind: seen)")
        return try await store.transaction { database in
            try await database.update(Self.table)
                .set("last_seen_at", to: SQLQueryString("CASE WHEN \(isLater) THEN \(bind: seen) ELSE \(ident: "last_seen_at") END"))
                .set("idle_expires_at", to: SQLQueryString(
                    "CASE WHEN \(isLater) THEN \(bind: seen) + \(ident: "idle_timeout_seconds") ELSE \(ident: "idle_expires_at") END"
                ))
                .where("id_digest", .equal, idDigest.bytes)
                .where("expires_at", .greaterThan, seen)
                .where("idle_expires_at", .greaterThan, seen)
                .returning("account_id").all()
        }.isEmpty == false
    }

    public func updateAuthentication(idDigest: SecretDigest, trustLevel: String, amr: [String], authTime: Date,
                                     levelAuthTimes: [String: Date], sealedPayload: Data) async throws {
        let updated = try await store.transaction { database in
            try await database.update(Self.table)
                .set("trust_level", to: trustLevel)
                .set("amr", to: Self.encode(amr))
                .set("auth_time", to: authTime.unixSeconds)
                .set("level_auth_times", to: Self.encode(levelAuthTimes))
                .set("sealed_payload", to: sealedPayload)
                .where("id_digest", .equal, idDigest.bytes)
                .returning("account_id").all()
        }
        if updated.isEmpty { throw AccountStoreError(.sessionNotFound, "no such session") }
    }

    @discardableResult
    public func rotate(oldDigest: SecretDigest, newSession: SessionRecord) async throws -> EndedSession {
        try await mappingMissingAccount(newSession.accountID) {
            try await store.transaction { database in
                let ended = try await database.delete(from: Self.table)
                    .where("id_digest", .equal, oldDigest.bytes)
                    .returning("id_digest", "account_id").first()
                guard let ended else { throw AccountStoreError(.sessionNotFound, "the session to replace is gone") }
                try await insert(newSession, into: database)
                return try EndedSession(row: ended)
            }
        }
    }

    @discardableResult
    public func delete(idDigest: SecretDigest) async throws -> Bool {
        try await endSessions { $0.where("id_digest", .equal, idDigest.bytes) }.isEmpty == false
    }

    @discardableResult
    public func deleteAll(accountID: String) async throws -> [EndedSession] {
        try await endSessions { $0.where("account_id", .equal, accountID) }
    }

    public func purgeExpired(now: Date) async throws -> [EndedSession] {
        try await store.deleteInBatches(
            from: Self.table, key: ["id_digest"],
            where: SQLBinaryExpression(
                expired("expires_at", atOrBefore: now.unixSeconds), .or, expired("idle_expires_at", atOrBefore: now.unixSeconds)
            ),
            returning: ["id_digest", "account_id"]
        ).map(EndedSession.init(row:))
    }

    private func endSessions(_ filter: (SQLDeleteBuilder) -> Void) async throws -> [EndedSession] {
        try await store.transaction { database in
            let delete = database.delete(from: Self.table)
            filter(delete)
            return try await delete.returning("id_digest", "account_id").all()
        }.map(EndedSession.init(row:))
    }

    private func insert(_ session: SessionRecord, into database: any SQLDatabase) async throws {
        let lastSeen = session.lastSeenAt.unixSeconds
        try await database.insert(into: Self.table)
            .columns("id_digest", "account_id", "sealed_payload", "trust_level", "amr", "auth_time", "level_auth_times",
                     "created_at", "last_seen_at", "expires_at", "idle_timeout_seconds", "idle_expires_at", "browser")
            .values(SQLBind(session.idDigest.bytes), SQLBind(session.accountID), SQLBind(session.sealedPayload),
                    SQLBind(session.trustLevel), SQLBind(Self.encode(session.amr)), SQLBind(session.authTime.unixSeconds),
                    SQLBind(Self.encode(session.levelAuthTimes)),
                    SQLBind(session.createdAt.unixSeconds), SQLBind(lastSeen), SQLBind(session.expiresAt.unixSeconds),
                    SQLBind(Int64(session.idleTimeoutSeconds)), SQLBind(lastSeen + Int64(session.idleTimeoutSeconds)),
                    SQLBind(session.browser))
            .run()
    }

    private func mappingMissingAccount<T>(_ accountID: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch where ConstraintViolation.isForeignKey(error) {
            throw AccountStoreError(.accountNotFound, "no account \(accountID) to create a session for")
        }
    }

    /// amr values are Pforte's own constants (RFC 8176 names), never user input.
    private static func encode(_ amr: [String]) -> String {
        precondition(amr.allSatisfy { !$0.isEmpty && !$0.contains(" ") }, "amr values are single words")
        return amr.joined(separator: " ")
    }

    /// `level:unix-seconds` pairs, ordered by level name; level names are Pforte's constants.
    static func encode(_ levelAuthTimes: [String: Date]) -> String {
        precondition(levelAuthTimes.keys.allSatisfy { !$0.isEmpty && !$0.contains(" ") && !$0.contains(":") }, "levels are single words")
        return levelAuthTimes.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value.unixSeconds)" }.joined(separator: " ")
    }

    static func decodeLevelAuthTimes(_ text: String) throws -> [String: Date] {
        var times: [String: Date] = [:]
        for pair in text.split(separator: " ") {
            let parts = pair.split(separator: ":")
            guard parts.count == 2, let seconds = Int64(parts[1]) else {
                throw AccountStoreError(.unreadableValue, "unreadable level_auth_times \(text)")
            }
            times[String(parts[0])] = Date(unixSeconds: seconds)
        }
        return times
    }
}

extension SessionRecord {
    init(row: any SQLRow) throws {
        self.init(
            idDigest: try SecretDigest(try row.decode(column: "id_digest", as: Data.self)),
            accountID: try row.decode(column: "account_id", as: String.self),
            sealedPayload: try row.decode(column: "sealed_payload", as: Data.self),
            trustLevel: try row.decode(column: "trust_level", as: String.self),
            amr: try row.decode(column: "amr", as: String.self).split(separator: " ").map(String.init),
            authTime: Date(unixSeconds: try row.decode(column: "auth_time", as: Int64.self)),
            levelAuthTimes: try SQLSessionStore.decodeLevelAuthTimes(try row.decode(column: "level_auth_times", as: String.self)),
            createdAt: Date(unixSeconds: try row.decode(column: "created_at", as: Int64.self)),
            lastSeenAt: Date(unixSeconds: try row.decode(column: "last_seen_at", as: Int64.self)),
            expiresAt: Date(unixSeconds: try row.decode(column: "expires_at", as: Int64.self)),
            idleTimeoutSeconds: Int(try row.decode(column: "idle_timeout_seconds", as: Int64.self)),
            browser: try row.decode(column: "browser", as: String.self)
        )
    }
}

extension EndedSession {
    init(row: any SQLRow) throws {
        self.init(
            idDigest: try SecretDigest(try row.decode(column: "id_digest", as: Data.self)),
            accountID: try row.decode(column: "account_id", as: String.self)
        )
    }
}

extension Migration {
    static let sessions = Migration(version: 4, name: "sessions") { database, _ in
        try await database.create(table: SQLSessionStore.table)
            .column("id_digest", type: .blob, .primaryKey(autoIncrement: false))
            .column("account_id", type: .text, .notNull, .references(SQLAccountStore.table, "id", onDelete: .cascade))
            .column("sealed_payload", type: .blob, .notNull)
            .column("trust_level", type: .text, .notNull)
            .column("amr", type: .text, .notNull)
            .column("auth_time", type: .bigint, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("last_seen_at", type: .bigint, .notNull)
            .column("expires_at", type: .bigint, .notNull)
            .column("idle_timeout_seconds", type: .bigint, .notNull)
            .column("idle_expires_at", type: .bigint, .notNull)
            .run()
        // Serves deleteAll and the cascade from a deleted account.
        try await database.create(index: "sessions_account").on(SQLSessionStore.table).column("account_id").run()
        try await database.create(index: "sessions_expiry").on(SQLSessionStore.table).column("expires_at").run()
        try await database.create(index: "sessions_idle_expiry").on(SQLSessionStore.table).column("idle_expires_at").run()
    }
}

extension Migration {
    /// Level-dependent lifetimes (issue #15): the latest authentication at each level above
    /// `normal`. A live session counts as authenticated at its level when it last authenticated.
    static let levelAuthTimes = Migration(version: 13, name: "session level authentication times") { database, _ in
        try await database.alter(table: SQLSessionStore.table)
            .column("level_auth_times", type: .text, .notNull, .default(""))
            .run()
        try await database.raw("""
            UPDATE \(ident: SQLSessionStore.table) SET level_auth_times = CASE trust_level
                WHEN 'hoch' THEN 'hoch:' || CAST(auth_time AS TEXT) || ' substantiell:' || CAST(auth_time AS TEXT)
                WHEN 'substantiell' THEN 'substantiell:' || CAST(auth_time AS TEXT)
                ELSE '' END
            """).run()
    }
}
