public import Foundation
import SQLKit

/// ``AccountStore`` on SQL. The unique index on `login` decides, atomically across nodes, which
/// of two registrations for one address wins.
public struct SQLAccountStore: AccountStore {
    static let table = "accounts"
    static let loginIndex = "accounts_login"
    /// Named rather than `*`: an SQLite connection that read the schema before a migration
    /// added a column expands `*` by the schema it knew.
    static let recordColumns = [
        "id", "login", "password_hash", "status", "sealed_profile", "sealed_secret_question", "wrapped_key_password",
        "wrapped_key_answer", "wrapped_key_eid", "created_at", "activated_at", "eid_verified_at", "last_login_at",
        "inactivity_notice_at", "inactivity_reminder_at",
    ]

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    @discardableResult
    public func create(_ account: NewAccount) async throws -> AccountRecord {
        try Self.requireNormalised(account.login)
        let createdAt = account.createdAt.unixSeconds
        try await withLoginTakenMapped {
            try await store.transaction { database in
                try await database.insert(into: Self.table)
                    .columns("id", "login", "password_hash", "status", "sealed_profile", "sealed_secret_question",
                             "wrapped_key_password", "wrapped_key_answer", "wrapped_key_eid", "created_at")
                    .values(SQLBind(account.id), SQLBind(account.login), SQLBind(account.passwordHash),
                            SQLBind(AccountRecord.Status.pendingActivation.rawValue), SQLBind(account.sealedProfile),
                            SQLBind(account.sealedSecretQuestion), SQLBind(account.wrappedKeys.password),
                            SQLBind(account.wrappedKeys.secretAnswer), SQLBind(account.wrappedKeys.eID), SQLBind(createdAt))
                    .run()
            }
        }
        return AccountRecord(
            id: account.id, login: account.login, passwordHash: account.passwordHash, status: .pendingActivation,
            sealedProfile: account.sealedProfile, sealedSecretQuestion: account.sealedSecretQuestion,
            wrappedKeys: account.wrappedKeys, createdAt: Date(unixSeconds: createdAt), activatedAt: nil,
            eidVerifiedAt: nil, lastLoginAt: nil
        )
    }

    public func find(id: String) async throws -> AccountRecord? {
        try await findOne(where: "id", is: id)
    }

    public func find(byLogin login: String) async throws -> AccountRecord? {
        try await findOne(where: "login", is: login)
    }

    public func activate(id: String, at time: Date) async throws {
        let found = try await store.transaction { database in
            let activated = try await database.update(Self.table)
                .set("status", to: AccountRecord.Status.active.rawValue)
                .set("activated_at", to: time.unixSeconds)
                .where("id", .equal, id)
                .where("status", .equal, AccountRecord.Status.pendingActivation.rawValue)
                .returning("id").all()
            if !activated.isEmpty { return true }
            return try await database.select().column("id").from(Self.table).where("id", .equal, id).first() != nil
        }
        if !found { throw Self.notFound(id) }
    }

    public func updatePasswordHash(id: String, passwordHash: String, wrappedKeys: WrappedDataKeys?, mails: [OutgoingMail]) async throws {
        try await updateOne(id: id, mails: mails) { update in
            update.set("password_hash", to: passwordHash)
            if let wrappedKeys { Self.set(wrappedKeys, on: update) }
        }
    }

    public func updateWrappedKeys(id: String, wrappedKeys: WrappedDataKeys) async throws {
        try await updateOne(id: id) { Self.set(wrappedKeys, on: $0) }
    }

    public func updateSecretQuestion(id: String, sealedSecretQuestion: Data, wrappedKeys: WrappedDataKeys,
                                     mails: [OutgoingMail]) async throws {
        try await updateOne(id: id, mails: mails) { update in
            update.set("sealed_secret_question", to: sealedSecretQuestion)
            Self.set(wrappedKeys, on: update)
        }
    }

    public func updateSealedProfile(id: String, sealedProfile: Data) async throws {
        try await updateOne(id: id) { $0.set("sealed_profile", to: sealedProfile) }
    }

    public func markEIDVerified(id: String, at time: Date) async throws {
        try await updateOne(id: id) { $0.set("eid_verified_at", to: time.unixSeconds) }
    }

    public func recordLogin(id: String, at time: Date) async throws {
        try await updateOne(id: id) { update in
            update.set("last_login_at", to: time.unixSeconds)
                .set(SQLColumn("inactivity_notice_at"), to: SQLLiteral.null)
                .set(SQLColumn("inactivity_reminder_at"), to: SQLLiteral.null)
        }
    }

    public func unusedAccounts(usedBefore cutoff: Date, stage: InactivityStage, limit: Int) async throws -> [AccountRecord] {
        let lastUse = SQLFunction("COALESCE", args: SQLColumn("last_login_at"), SQLColumn("activated_at"), SQLColumn("created_at"))
        return try await store.withConnection { database in
            let select = database.select().columns(Self.recordColumns).from(Self.table)
                .where("status", .equal, AccountRecord.Status.active.rawValue)
                .where(lastUse, .lessThan, SQLBind(cutoff.unixSeconds))
            switch stage {
            case .noNotice:
                select.where(SQLColumn("inactivity_notice_at"), .is, SQLLiteral.null)
            case .noticeSentBefore(let notice):
                select.where("inactivity_notice_at", .lessThan, notice.unixSeconds)
                    .where(SQLColumn("inactivity_reminder_at"), .is, SQLLiteral.null)
            case .remindedBefore(let notice, let reminder):
                select.where("inactivity_notice_at", .lessThan, notice.unixSeconds)
                    .where("inactivity_reminder_at", .lessThan, reminder.unixSeconds)
            }
            return try await select.orderBy(lastUse).orderBy("id").limit(limit).all()
        }.map(AccountRecord.init(row:))
    }

    @discardableResult
    public func markInactivityNotice(id: String, reminder: Bool, at time: Date, mails: [OutgoingMail]) async throws -> Bool {
        try await store.transaction { database in
            let update = database.update(Self.table).set(reminder ? "inactivity_reminder_at" : "inactivity_notice_at", to: time.unixSeconds)
                .where("id", .equal, id)
            // A login in between cleared the notice: the reminder must not revive it.
            if reminder { update.where(SQLColumn("inactivity_notice_at"), .isNot, SQLLiteral.null) }
            let updated = try await update.returning("id").all()
            if !updated.isEmpty { try await SQLMailQueueStore.insert(mails, on: database) }
            return !updated.isEmpty
        }
    }

    public func recordFederatedLogin(id: String, login: String, sealedProfile: Data, at time: Date) async throws {
        try await store.transaction { database in
            let updated = try await database.update(Self.table)
                .set("sealed_profile", to: SQLBind(sealedProfile)).set("last_login_at", to: time.unixSeconds)
                .where("id", .equal, id).where("status", .equal, AccountRecord.Status.federated.rawValue)
                .returning("id").all()
            guard updated.isEmpty else { return }
            try await database.insert(into: Self.table)
                .columns("id", "login", "password_hash", "status", "sealed_profile", "sealed_secret_question", "created_at",
                         "activated_at", "last_login_at")
                .values(SQLBind(id), SQLBind(login), SQLBind(""), SQLBind(AccountRecord.Status.federated.rawValue),
                        SQLBind(sealedProfile), SQLBind(Data()), SQLBind(time.unixSeconds), SQLBind(time.unixSeconds),
                        SQLBind(time.unixSeconds))
                .run()
        }
    }

    public func changeLogin(id: String, newLogin: String, mails: [OutgoingMail]) async throws {
        try Self.requireNormalised(newLogin)
        try await withLoginTakenMapped {
            try await updateOne(id: id, mails: mails) { $0.set("login", to: newLogin) }
        }
    }

    @discardableResult
    public func delete(id: String) async throws -> Bool {
        try await store.transaction { database in
            try await database.delete(from: Self.table).where("id", .equal, id).returning("id").all()
        }.isEmpty == false
    }

    public func purgeUnactivated(createdBefore cutoff: Date) async throws -> Int {
        try await store.deleteInBatches(
            from: Self.table, key: ["id"],
            where: SQLBinaryExpression(
                SQLBinaryExpression(SQLColumn("status"), .equal, SQLBind(AccountRecord.Status.pendingActivation.rawValue)),
                .and, SQLBinaryExpression(SQLColumn("created_at"), .lessThan, SQLBind(cutoff.unixSeconds))
            ),
            returning: ["id"]
        ).count
    }

    public func list(limit: Int, offset: Int) async throws -> [AccountRecord] {
        try await store.withConnection { database in
            try await database.select().columns(Self.recordColumns).from(Self.table)
                .orderBy("created_at").orderBy("id")
                .limit(limit).offset(offset)
                .all()
        }.map(AccountRecord.init(row:))
    }

    private func findOne(where column: String, is value: String) async throws -> AccountRecord? {
        try await store.withConnection { database in
            try await database.select().columns(Self.recordColumns).from(Self.table).where(column, .equal, value).first()
        }.map(AccountRecord.init(row:))
    }

    private func updateOne(id: String, mails: [OutgoingMail] = [], _ set: (SQLUpdateBuilder) -> Void) async throws {
        let updated = try await store.transaction { database in
            let update = database.update(Self.table)
            set(update)
            let updated = try await update.where("id", .equal, id).returning("id").all()
            if !updated.isEmpty { try await SQLMailQueueStore.insert(mails, on: database) }
            return updated
        }
        if updated.isEmpty { throw Self.notFound(id) }
    }

    private static func set(_ keys: WrappedDataKeys, on update: SQLUpdateBuilder) {
        update.set("wrapped_key_password", to: keys.password)
            .set("wrapped_key_answer", to: keys.secretAnswer)
            .set("wrapped_key_eid", to: keys.eID)
    }

    private func withLoginTakenMapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch where ConstraintViolation.isUnique(error, index: Self.loginIndex, table: Self.table, column: "login") {
            throw AccountStoreError(.loginTaken, "another account has this login name")
        }
    }

    /// Uniqueness is only as good as the normalisation: `Erika@…` next to `erika@…` would be two
    /// accounts for one mailbox.
    private static func requireNormalised(_ login: String) throws {
        guard login == login.lowercased() else {
            throw AccountStoreError(.loginNotNormalised, "login names are stored in lower case")
        }
    }

    private static func notFound(_ id: String) -> AccountStoreError {
        AccountStoreError(.accountNotFound, "no account \(id)")
    }
}

extension AccountRecord {
    init(row: any SQLRow) throws {
        let status = try row.decode(column: "status", as: String.self)
        guard let status = Status(rawValue: status) else {
            throw AccountStoreError(.unreadableValue, "unknown account status \(status)")
        }
        self.init(
            id: try row.decode(column: "id", as: String.self),
            login: try row.decode(column: "login", as: String.self),
            passwordHash: try row.decode(column: "password_hash", as: String.self),
            status: status,
            sealedProfile: try row.decode(column: "sealed_profile", as: Data.self),
            sealedSecretQuestion: try row.decode(column: "sealed_secret_question", as: Data.self),
            wrappedKeys: WrappedDataKeys(
                password: try row.decode(column: "wrapped_key_password", as: Data?.self),
                secretAnswer: try row.decode(column: "wrapped_key_answer", as: Data?.self),
                eID: try row.decode(column: "wrapped_key_eid", as: Data?.self)
            ),
            createdAt: Date(unixSeconds: try row.decode(column: "created_at", as: Int64.self)),
            activatedAt: try row.decode(column: "activated_at", as: Int64?.self).map(Date.init(unixSeconds:)),
            eidVerifiedAt: try row.decode(column: "eid_verified_at", as: Int64?.self).map(Date.init(unixSeconds:)),
            lastLoginAt: try row.decode(column: "last_login_at", as: Int64?.self).map(Date.init(unixSeconds:))
        )
        inactivityNoticeAt = try row.decode(column: "inactivity_notice_at", as: Int64?.self).map(Date.init(unixSeconds:))
        inactivityReminderAt = try row.decode(column: "inactivity_reminder_at", as: Int64?.self).map(Date.init(unixSeconds:))
    }
}

extension Migration {
    /// Accounts (design §4, §6). Blobs are `BYTEA` on PostgreSQL.
    static let accounts = Migration(version: 2, name: "accounts") { database, _ in
        try await database.create(table: SQLAccountStore.table)
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("login", type: .text, .notNull)
            .column("password_hash", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .column("sealed_profile", type: .blob, .notNull)
            .column("sealed_secret_question", type: .blob, .notNull)
            .column("wrapped_key_password", type: .blob)
            .column("wrapped_key_answer", type: .blob)
            .column("wrapped_key_eid", type: .blob)
            .column("created_at", type: .bigint, .notNull)
            .column("activated_at", type: .bigint)
            .column("eid_verified_at", type: .bigint)
            .column("last_login_at", type: .bigint)
            .run()
        try await database.create(index: SQLAccountStore.loginIndex).unique()
            .on(SQLAccountStore.table).column("login")
            .run()
        try await database.create(index: "accounts_pending_purge")
            .on(SQLAccountStore.table).column("status").column("created_at")
            .run()
    }
}

extension Migration {
    /// The inactivity notice and its reminder (issue #19, item 4; seed 000 §2.5).
    static let accountInactivity = Migration(version: 23, name: "account inactivity notice") { database, _ in
        try await database.alter(table: SQLAccountStore.table).column("inactivity_notice_at", type: .bigint).run()
        try await database.alter(table: SQLAccountStore.table).column("inactivity_reminder_at", type: .bigint).run()
    }
}
