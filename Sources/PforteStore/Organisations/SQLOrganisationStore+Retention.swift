public import Foundation
import SQLKit

/// Consents, the audit report and the inactivity deletion.
extension SQLOrganisationStore {
    public func soleAdminOrganisations(accountID: String) async throws -> [OrganisationRecord] {
        try await store.withConnection { database in
            try await database.raw("""
                SELECT o.* FROM \(ident: Self.table) o
                JOIN \(ident: Self.members) m ON m.organisation_id = o.id
                WHERE m.account_id = \(bind: accountID) AND m.role = 'admin'
                AND (SELECT COUNT(*) FROM \(ident: Self.members) x WHERE x.organisation_id = o.id AND x.role = 'admin') = 1
                ORDER BY o.name
                """).all()
        }.map(OrganisationRecord.init(row:))
    }

    public func dropRights(accountID: String, audit: AuditEntryRecord, mails: [String: [OutgoingMail]]) async throws
        -> (left: [OrganisationRecord], keptAsSoleAdmin: [OrganisationRecord]) {
        let kept = try await soleAdminOrganisations(accountID: accountID)
        let keptIDs = Set(kept.map(\.id))
        let left = try await store.transaction { database in
            let rows = try await database.raw("""
                SELECT o.* FROM \(ident: Self.table) o JOIN \(ident: Self.members) m ON m.organisation_id = o.id
                WHERE m.account_id = \(bind: accountID) ORDER BY o.name
                """).all()
            let left = try rows.map(OrganisationRecord.init(row:)).filter { !keptIDs.contains($0.id) }
            for organisation in left {
                try await database.delete(from: Self.members)
                    .where("organisation_id", .equal, organisation.id).where("account_id", .equal, accountID).run()
                try await Self.record(audit, organisationID: organisation.id, in: database)
                try await SQLMailQueueStore.insert(mails[organisation.id] ?? [], on: database)
            }
            try await database.delete(from: Self.consents).where("account_id", .equal, accountID).run()
            try await database.delete(from: SQLInvitationStore.table).where("accepted_by", .equal, accountID).run()
            try await database.delete(from: SQLAccountSealingKeyStore.table).where("account_id", .equal, accountID).run()
            return left
        }
        return (left, kept)
    }

    public func recordConsent(organisationID: String, clientID: String, accountID: String, at time: Date) async throws {
        try await store.transaction { database in
            try await database.insert(into: Self.consents)
                .columns("organisation_id", "client_id", "account_id", "granted_at")
                .values(SQLBind(organisationID), SQLBind(clientID), SQLBind(accountID), SQLBind(time.unixSeconds))
                .ignoringConflicts(with: ["organisation_id", "client_id", "account_id"])
                .run()
        }
    }

    public func hasConsent(organisationID: String, clientID: String, accountID: String) async throws -> Bool {
        try await store.withConnection { database in
            try await database.select().column("granted_at").from(Self.consents)
                .where("organisation_id", .equal, organisationID).where("client_id", .equal, clientID)
                .where("account_id", .equal, accountID).first()
        } != nil
    }

    public func auditEntries(organisationID: String, upTo time: Date) async throws -> [AuditEntryRecord] {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.audit)
                .where("organisation_id", .equal, organisationID).where("at", .lessThanOrEqual, time.unixSeconds)
                .orderBy("at").all()
        }.map(AuditEntryRecord.init(row:))
    }

    public func completeAuditReport(organisationID: String, upTo time: Date, mails: [OutgoingMail]) async throws {
        try await store.transaction { database in
            try await database.delete(from: Self.audit)
                .where("organisation_id", .equal, organisationID).where("at", .lessThanOrEqual, time.unixSeconds).run()
            try await database.update(Self.table).set("audit_reported_at", to: time.unixSeconds)
                .where("id", .equal, organisationID).run()
            try await SQLMailQueueStore.insert(mails, on: database)
        }
    }

    public func auditReportsDue(reportedBefore cutoff: Date) async throws -> [OrganisationRecord] {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table)
                .where("audit_reported_at", .lessThanOrEqual, cutoff.unixSeconds).orderBy("id").all()
        }.map(OrganisationRecord.init(row:))
    }

    public func unused(since cutoff: Date, noticeSentBefore noticeBefore: Date?) async throws -> [OrganisationRecord] {
        try await store.withConnection { database in
            let query = database.select().column("*").from(Self.table).where("last_used_at", .lessThanOrEqual, cutoff.unixSeconds)
            if let noticeBefore {
                query.where("deletion_notice_at", .lessThanOrEqual, noticeBefore.unixSeconds)
            } else {
                query.where("deletion_notice_at", .is, SQLLiteral.null)
            }
            return try await query.orderBy("id").all()
        }.map(OrganisationRecord.init(row:))
    }
}
