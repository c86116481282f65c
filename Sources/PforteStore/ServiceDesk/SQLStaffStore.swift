public import Foundation
import SQLKit

/// ``StaffStore`` on SQL.
public struct SQLStaffStore: StaffStore {
    static let table = "staff_accounts"
    static let emailIndex = "staff_accounts_email"
    static let recoveryCodes = "staff_recovery_codes"
    static let sessions = "staff_sessions"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func create(_ staff: StaffRecord, event: AuditTrailEntry) async throws {
        do {
            try await store.transaction { database in
                try await database.insert(into: Self.table)
                    .columns("id", "email", "role", "password_hash", "totp_last_step", "created_at")
                    .values(SQLBind(staff.id), SQLBind(staff.email), SQLBind(staff.role.rawValue), SQLBind(staff.passwordHash),
                            SQLBind(Int64(0)), SQLBind(staff.createdAt.unixSeconds))
                    .run()
                try await SQLServiceDeskStore.append(event, on: database)
            }
        } catch where ConstraintViolation.isUnique(error, index: Self.emailIndex, table: Self.table, column: "email") {
            throw AccountStoreError(.loginTaken, "a member of staff has this address")
        }
    }

    public func find(id: String) async throws -> StaffRecord? {
        try await first { $0.where("id", .equal, id) }
    }

    public func find(email: String) async throws -> StaffRecord? {
        try await first { $0.where("email", .equal, email) }
    }

    public func list() async throws -> [StaffRecord] {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table).orderBy("email").all()
        }.map(StaffRecord.init(row:))
    }

    public func remove(id: String, event: AuditTrailEntry) async throws -> Bool {
        try await store.transaction { database in
            let removed = try await database.delete(from: Self.table).where("id", .equal, id).returning("id").all()
            guard !removed.isEmpty else { return false }
            try await SQLServiceDeskStore.append(event, on: database)
            return true
        }
    }

    public func beginEnrolment(id: String, sealedSecret: Data, recoveryCodeDigests: [SecretDigest]) async throws {
        try await store.transaction { database in
            try await database.update(Self.table).set("sealed_totp_secret", to: SQLBind(sealedSecret))
                .set("totp_enrolled_at", to: SQLLiteral.null).set("totp_last_step", to: SQLBind(Int64(0)))
                .where("id", .equal, id).run()
            try await database.delete(from: Self.recoveryCodes).where("staff_id", .equal, id).run()
            guard !recoveryCodeDigests.isEmpty else { return }
            let insert = database.insert(into: Self.recoveryCodes).columns("staff_id", "digest")
            for digest in recoveryCodeDigests { insert.values(SQLBind(id), SQLBind(digest.bytes)) }
            try await insert.run()
        }
    }

    public func completeEnrolment(id: String, step: Int64, at time: Date, event: AuditTrailEntry) async throws {
        try await store.transaction { database in
            try await database.update(Self.table).set("totp_enrolled_at", to: SQLBind(time.unixSeconds))
                .set("totp_last_step", to: SQLBind(step)).where("id", .equal, id).run()
            try await SQLServiceDeskStore.append(event, on: database)
        }
    }

    public func useStep(id: String, step: Int64) async throws -> Bool {
        try await store.transaction { database in
            try await database.update(Self.table).set("totp_last_step", to: SQLBind(step))
                .where("id", .equal, id).where("totp_last_step", .lessThan, step)
                .returning("id").all()
        }.isEmpty == false
    }

    public func useRecoveryCode(id: String, digest: SecretDigest, at time: Date) async throws -> Bool {
        try await store.transaction { database in
            try await database.update(Self.recoveryCodes).set("used_at", to: SQLBind(time.unixSeconds))
                .where("staff_id", .equal, id).where("digest", .equal, SQLBind(digest.bytes)).where("used_at", .is, SQLLiteral.null)
                .returning("staff_id").all()
        }.isEmpty == false
    }

    public func unusedRecoveryCodes(id: String) async throws -> Int {
        try await store.withConnection { database in
            try await database.select().column("digest").from(Self.recoveryCodes)
                .where("staff_id", .equal, id).where("used_at", .is, SQLLiteral.null).all()
        }.count
    }

    public func createSession(_ session: StaffSessionRecord) async throws {
        try await store.transaction { database in
            try await Self.insert(session, on: database)
        }
    }

    public func resumeSession(idDigest: SecretDigest, now: Date) async throws -> StaffSessionRecord? {
        try await store.transaction { database in
            guard let row = try await database.select().column("*").from(Self.sessions)
                .where("id_digest", .equal, SQLBind(idDigest.bytes))
                .where("expires_at", .greaterThan, now.unixSeconds)
                .where("idle_expires_at", .greaterThan, now.unixSeconds)
                .first()
            else { return nil }
            var session = try StaffSessionRecord(row: row)
            let idleEnd = min(now.unixSeconds + Int64(session.idleTimeoutSeconds), session.expiresAt.unixSeconds)
            try await database.update(Self.sessions).set("last_seen_at", to: SQLBind(now.unixSeconds))
                .set("idle_expires_at", to: SQLBind(idleEnd)).where("id_digest", .equal, SQLBind(idDigest.bytes)).run()
            session.lastSeenAt = Date(unixSeconds: now.unixSeconds)
            return session
        }
    }

    public func completeSession(oldDigest: SecretDigest, newSession: StaffSessionRecord, event: AuditTrailEntry) async throws {
        try await store.transaction { database in
            let old = try await database.delete(from: Self.sessions).where("id_digest", .equal, SQLBind(oldDigest.bytes))
                .returning("id_digest").all()
            guard !old.isEmpty else { throw AccountStoreError(.sessionNotFound, "the console session has ended") }
            try await Self.insert(newSession, on: database)
            try await database.update(Self.table).set("last_login_at", to: SQLBind(newSession.createdAt.unixSeconds))
                .where("id", .equal, newSession.staffID).run()
            try await SQLServiceDeskStore.append(event, on: database)
        }
    }

    public func deleteSession(idDigest: SecretDigest) async throws {
        try await store.transaction { database in
            try await database.delete(from: Self.sessions).where("id_digest", .equal, SQLBind(idDigest.bytes)).run()
        }
    }

    private func first(_ filter: (SQLSelectBuilder) -> Void) async throws -> StaffRecord? {
        try await store.withConnection { database in
            let select = database.select().column("*").from(Self.table)
            filter(select)
            return try await select.first()
        }.map(StaffRecord.init(row:))
    }

    private static func insert(_ session: StaffSessionRecord, on database: any SQLDatabase) async throws {
        let idleEnd = min(session.lastSeenAt.unixSeconds + Int64(session.idleTimeoutSeconds), session.expiresAt.unixSeconds)
        try await database.insert(into: sessions)
            .columns("id_digest", "staff_id", "stage", "created_at", "last_seen_at", "expires_at", "idle_expires_at",
                     "idle_timeout_seconds")
            .values(SQLBind(session.idDigest.bytes), SQLBind(session.staffID), SQLBind(session.stage.rawValue),
                    SQLBind(session.createdAt.unixSeconds), SQLBind(session.lastSeenAt.unixSeconds),
                    SQLBind(session.expiresAt.unixSeconds), SQLBind(idleEnd), SQLBind(Int64(session.idleTimeoutSeconds)))
            .run()
    }
}

extension StaffRecord {
    init(row: any SQLRow) throws {
        let role = try row.decode(column: "role", as: String.self)
        guard let known = Role(rawValue: role) else { throw AccountStoreError(.unreadableValue, "unknown staff role \(role)") }
        self.init(
            id: try row.decode(column: "id", as: String.self), email: try row.decode(column: "email", as: String.self), role: known,
            passwordHash: try row.decode(column: "password_hash", as: String.self),
            sealedTOTPSecret: try row.decode(column: "sealed_totp_secret", as: Data?.self),
            totpEnrolledAt: try row.decode(column: "totp_enrolled_at", as: Int64?.self).map(Date.init(unixSeconds:)),
            createdAt: Date(unixSeconds: try row.decode(column: "created_at", as: Int64.self)),
            lastLoginAt: try row.decode(column: "last_login_at", as: Int64?.self).map(Date.init(unixSeconds:))
        )
    }
}

extension StaffSessionRecord {
    init(row: any SQLRow) throws {
        let stage = try row.decode(column: "stage", as: String.self)
        guard let known = Stage(rawValue: stage) else { throw AccountStoreError(.unreadableValue, "unknown session stage \(stage)") }
        self.init(
            idDigest: try SecretDigest(try row.decode(column: "id_digest", as: Data.self)),
            staffID: try row.decode(column: "staff_id", as: String.self), stage: known,
            createdAt: Date(unixSeconds: try row.decode(column: "created_at", as: Int64.self)),
            lastSeenAt: Date(unixSeconds: try row.decode(column: "last_seen_at", as: Int64.self)),
            expiresAt: Date(unixSeconds: try row.decode(column: "expires_at", as: Int64.self)),
            idleTimeoutSeconds: Int(try row.decode(column: "idle_timeout_seconds", as: Int64.self))
        )
    }
}

extension Migration {
    /// Issue #22: the service desk's own accounts, second factor and console sessions.
    static let staff = Migration(version: 20, name: "service desk staff") { database, _ in
        try await database.create(table: SQLStaffStore.table)
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("email", type: .text, .notNull)
            .column("role", type: .text, .notNull)
            .column("password_hash", type: .text, .notNull)
            .column("sealed_totp_secret", type: .blob)
            .column("totp_enrolled_at", type: .bigint)
            .column("totp_last_step", type: .bigint, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("last_login_at", type: .bigint)
            .run()
        try await database.create(index: SQLStaffStore.emailIndex).unique().on(SQLStaffStore.table).column("email").run()
        try await database.create(table: SQLStaffStore.recoveryCodes)
            .column("staff_id", type: .text, .notNull, .references(SQLStaffStore.table, "id", onDelete: .cascade))
            .column("digest", type: .blob, .notNull)
            .column("used_at", type: .bigint)
            .primaryKey("staff_id", "digest")
            .run()
        try await database.create(table: SQLStaffStore.sessions)
            .column("id_digest", type: .blob, .primaryKey(autoIncrement: false))
            .column("staff_id", type: .text, .notNull, .references(SQLStaffStore.table, "id", onDelete: .cascade))
            .column("stage", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("last_seen_at", type: .bigint, .notNull)
            .column("expires_at", type: .bigint, .notNull)
            .column("idle_expires_at", type: .bigint, .notNull)
            .column("idle_timeout_seconds", type: .bigint, .notNull)
            .run()
    }
}
