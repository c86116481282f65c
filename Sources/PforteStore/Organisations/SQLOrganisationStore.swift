public import Foundation
import SQLKit

/// ``OrganisationStore`` on SQL. Membership changes run in one transaction each, and the
/// last-admin rule is checked inside it, so concurrent changes on several nodes cannot leave an
/// organisation without an admin.
public struct SQLOrganisationStore: OrganisationStore {
    static let table = "organisations"
    static let members = "organisation_members"
    static let audit = "organisation_audit"
    static let consents = "organisation_consents"

    let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func create(_ organisation: OrganisationRecord, founder: MembershipRecord, audit: AuditEntryRecord) async throws {
        try await store.transaction { database in
            try await database.insert(into: Self.table)
                .columns("id", "name", "public_key", "sealed_profile", "general_release", "created_at", "last_used_at",
                         "deletion_notice_at", "audit_reported_at")
                .values(SQLBind(organisation.id), SQLBind(organisation.name), SQLBind(organisation.publicKey),
                        SQLBind(organisation.sealedProfile), SQLBind(organisation.generalRelease ? 1 : 0),
                        SQLBind(organisation.createdAt.unixSeconds), SQLBind(organisation.lastUsedAt.unixSeconds),
                        SQLBind(organisation.deletionNoticeAt?.unixSeconds), SQLBind(organisation.auditReportedAt.unixSeconds))
                .run()
            try await Self.insert(founder, into: database)
            try await Self.record(audit, organisationID: organisation.id, in: database)
        }
    }

    public func find(id: String) async throws -> OrganisationRecord? {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table).where("id", .equal, id).first()
        }.map(OrganisationRecord.init(row:))
    }

    public func memberships(accountID: String) async throws -> [(organisation: OrganisationRecord, membership: MembershipRecord)] {
        let rows = try await store.withConnection { database in
            try await database.raw("""
                SELECT o.*, m.account_id, m.role, m.adult, m.wrapped_key, m.granted_at, a.login
                FROM \(ident: Self.members) m
                JOIN \(ident: Self.table) o ON o.id = m.organisation_id
                JOIN \(ident: SQLAccountStore.table) a ON a.id = m.account_id
                WHERE m.account_id = \(bind: accountID) ORDER BY o.name, o.id
                """).all()
        }
        return try rows.map { row in
            let organisation = try OrganisationRecord(row: row)
            return (organisation, try MembershipRecord(row: row, organisationID: organisation.id))
        }
    }

    public func membership(organisationID: String, accountID: String) async throws -> MembershipRecord? {
        try await memberRows(organisationID: organisationID, accountID: accountID).first
    }

    public func members(organisationID: String) async throws -> [MembershipRecord] {
        try await memberRows(organisationID: organisationID, accountID: nil)
    }

    private func memberRows(organisationID: String, accountID: String?) async throws -> [MembershipRecord] {
        try await store.withConnection { database in
            let filter: SQLQueryString = accountID.map { id -> SQLQueryString in "AND m.account_id = \(bind: id)" } ?? ""
            return try await database.raw("""
                SELECT m.*, a.login FROM \(ident: Self.members) m
                JOIN \(ident: SQLAccountStore.table) a ON a.id = m.account_id
                WHERE m.organisation_id = \(bind: organisationID) \(filter)
                ORDER BY CASE m.role WHEN 'admin' THEN 0 ELSE 1 END, a.login
                """).all()
        }.map { try MembershipRecord(row: $0, organisationID: organisationID) }
    }

    public func addMember(_ membership: MembershipRecord, acceptedInvitation: SecretDigest, audit: AuditEntryRecord,
                          mails: [OutgoingMail]) async throws {
        try await store.transaction { database in
            try await Self.requireOrganisation(membership.organisationID, in: database)
            let existing = try await database.select().column("account_id").from(Self.members)
                .where("organisation_id", .equal, membership.organisationID)
                .where("account_id", .equal, membership.accountID).first()
            guard existing == nil else {
                throw OrganisationStoreError(.alreadyMember, "account is already a member of \(membership.organisationID)")
            }
            try await database.delete(from: SQLInvitationStore.table).where("digest", .equal, acceptedInvitation.bytes).run()
            try await Self.insert(membership, into: database)
            try await Self.record(audit, organisationID: membership.organisationID, in: database)
            try await SQLMailQueueStore.insert(mails, on: database)
        }
    }

    public func setRole(organisationID: String, accountID: String, role: String, audit: AuditEntryRecord) async throws {
        try await store.transaction { database in
            let current = try await Self.role(of: accountID, in: organisationID, database: database)
            if current == "admin", role != "admin" {
                try await Self.requireAnotherAdmin(organisationID, database: database)
            }
            try await database.update(Self.members).set("role", to: role)
                .where("organisation_id", .equal, organisationID).where("account_id", .equal, accountID).run()
            try await Self.record(audit, organisationID: organisationID, in: database)
        }
    }

    public func removeMember(organisationID: String, accountID: String, rekey: OrganisationRekey, audit: AuditEntryRecord,
                             mails: [OutgoingMail]) async throws {
        try await store.transaction { database in
            if try await Self.role(of: accountID, in: organisationID, database: database) == "admin" {
                try await Self.requireAnotherAdmin(organisationID, database: database)
            }
            try await database.delete(from: Self.members)
                .where("organisation_id", .equal, organisationID).where("account_id", .equal, accountID).run()
            let remaining = try await database.select().column("account_id").from(Self.members)
                .where("organisation_id", .equal, organisationID).all()
                .map { try $0.decode(column: "account_id", as: String.self) }
            guard Set(remaining) == Set(rekey.wrappedKeys.keys) else {
                throw OrganisationStoreError(.membersChanged, "members of \(organisationID) changed during the rekey")
            }
            for (member, wrapped) in rekey.wrappedKeys {
                try await database.update(Self.members).set("wrapped_key", to: wrapped)
                    .where("organisation_id", .equal, organisationID).where("account_id", .equal, member).run()
            }
            try await database.update(Self.table).set("public_key", to: rekey.publicKey)
                .set("sealed_profile", to: rekey.sealedProfile).where("id", .equal, organisationID).run()
            try await database.delete(from: Self.consents)
                .where("organisation_id", .equal, organisationID).where("account_id", .equal, accountID).run()
            try await Self.record(audit, organisationID: organisationID, in: database)
            try await SQLMailQueueStore.insert(mails, on: database)
        }
    }

    public func updateProfile(organisationID: String, name: String, sealedProfile: Data, sealedFor publicKey: Data) async throws {
        let updated = try await store.transaction { database in
            try await database.update(Self.table).set("name", to: name).set("sealed_profile", to: sealedProfile)
                .where("id", .equal, organisationID).where("public_key", .equal, publicKey).returning("id").all()
        }
        guard updated.count == 1 else {
            guard try await find(id: organisationID) != nil else {
                throw OrganisationStoreError(.organisationNotFound, "no organisation \(organisationID)")
            }
            throw OrganisationStoreError(.membersChanged, "the key of \(organisationID) changed while its data was sealed")
        }
    }

    public func setGeneralRelease(organisationID: String, enabled: Bool) async throws {
        try await update(organisationID) { $0.set("general_release", to: enabled ? 1 : 0) }
    }

    public func recordUse(organisationID: String, at time: Date) async throws {
        try await update(organisationID) {
            $0.set("last_used_at", to: time.unixSeconds).set("deletion_notice_at", to: SQLLiteral.null)
        }
    }

    public func markDeletionNotice(organisationID: String, at time: Date, mails: [OutgoingMail]) async throws {
        try await update(organisationID, mails: mails) { $0.set("deletion_notice_at", to: time.unixSeconds) }
    }

    @discardableResult
    public func delete(id: String, mails: [OutgoingMail]) async throws -> Bool {
        try await store.transaction { database in
            let deleted = try await database.delete(from: Self.table).where("id", .equal, id).returning("id").all()
            if !deleted.isEmpty { try await SQLMailQueueStore.insert(mails, on: database) }
            return deleted
        }.count == 1
    }

    private func update(_ organisationID: String, mails: [OutgoingMail] = [],
                        _ set: (SQLUpdateBuilder) -> SQLUpdateBuilder) async throws {
        let updated = try await store.transaction { database in
            let updated = try await set(database.update(Self.table)).where("id", .equal, organisationID).returning("id").all()
            if !updated.isEmpty { try await SQLMailQueueStore.insert(mails, on: database) }
            return updated
        }
        guard updated.count == 1 else {
            throw OrganisationStoreError(.organisationNotFound, "no organisation \(organisationID)")
        }
    }
}
