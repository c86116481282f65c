import Foundation
import SQLKit

/// The statements the organisation store's transactions share, and the row decoders.
extension SQLOrganisationStore {
    static func insert(_ membership: MembershipRecord, into database: any SQLDatabase) async throws {
        do {
            try await database.insert(into: members)
                .columns("organisation_id", "account_id", "role", "adult", "wrapped_key", "granted_at")
                .values(SQLBind(membership.organisationID), SQLBind(membership.accountID), SQLBind(membership.role),
                        SQLBind(membership.adult ? 1 : 0), SQLBind(membership.wrappedKey), SQLBind(membership.grantedAt.unixSeconds))
                .run()
        } catch where ConstraintViolation.isForeignKey(error) {
            throw OrganisationStoreError(.memberNotFound, "no account \(membership.accountID) or organisation to add")
        }
    }

    static func record(_ entry: AuditEntryRecord, organisationID: String, in database: any SQLDatabase) async throws {
        try await database.insert(into: audit)
            .columns("organisation_id", "event", "account_login", "actor_login", "at")
            .values(SQLBind(organisationID), SQLBind(entry.event), SQLBind(entry.accountLogin), SQLBind(entry.actorLogin),
                    SQLBind(entry.at.unixSeconds))
            .run()
    }

    static func requireOrganisation(_ id: String, in database: any SQLDatabase) async throws {
        guard try await database.select().column("id").from(table).where("id", .equal, id).first() != nil else {
            throw OrganisationStoreError(.organisationNotFound, "no organisation \(id)")
        }
    }

    static func role(of accountID: String, in organisationID: String, database: any SQLDatabase) async throws -> String {
        guard let row = try await database.select().column("role").from(members)
            .where("organisation_id", .equal, organisationID).where("account_id", .equal, accountID).first()
        else { throw OrganisationStoreError(.memberNotFound, "account is no member of \(organisationID)") }
        return try row.decode(column: "role", as: String.self)
    }

    /// Throws ``OrganisationStoreError/Code/lastAdmin`` unless the organisation has two admins
    /// or more. On PostgreSQL the admin rows are locked first, so two transactions each
    /// removing a different one of two admins cannot both see the other still there.
    static func requireAnotherAdmin(_ organisationID: String, database: any SQLDatabase) async throws {
        let lock: SQLQueryString = database.dialect.name == "postgresql" ? " FOR UPDATE" : ""
        let admins = try await database.raw("""
            SELECT account_id FROM \(ident: members) WHERE organisation_id = \(bind: organisationID) AND role = 'admin'\(lock)
            """).all()
        guard admins.count > 1 else {
            throw OrganisationStoreError(.lastAdmin, "the last admin of \(organisationID) must stay")
        }
    }
}

extension OrganisationRecord {
    init(row: any SQLRow) throws {
        self.init(
            id: try row.decode(column: "id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            publicKey: try row.decode(column: "public_key", as: Data.self),
            sealedProfile: try row.decode(column: "sealed_profile", as: Data.self),
            generalRelease: try row.decode(column: "general_release", as: Int64.self) != 0,
            createdAt: Date(unixSeconds: try row.decode(column: "created_at", as: Int64.self)),
            lastUsedAt: Date(unixSeconds: try row.decode(column: "last_used_at", as: Int64.self)),
            deletionNoticeAt: try row.decode(column: "deletion_notice_at", as: Int64?.self).map(Date.init(unixSeconds:)),
            auditReportedAt: Date(unixSeconds: try row.decode(column: "audit_reported_at", as: Int64.self))
        )
    }
}

extension MembershipRecord {
    init(row: any SQLRow, organisationID: String) throws {
        self.init(
            organisationID: organisationID,
            accountID: try row.decode(column: "account_id", as: String.self),
            role: try row.decode(column: "role", as: String.self),
            adult: try row.decode(column: "adult", as: Int64.self) != 0,
            wrappedKey: try row.decode(column: "wrapped_key", as: Data.self),
            grantedAt: Date(unixSeconds: try row.decode(column: "granted_at", as: Int64.self)),
            login: try row.decode(column: "login", as: String.self)
        )
    }
}

extension AuditEntryRecord {
    init(row: any SQLRow) throws {
        self.init(
            event: try row.decode(column: "event", as: String.self),
            accountLogin: try row.decode(column: "account_login", as: String.self),
            actorLogin: try row.decode(column: "actor_login", as: String?.self),
            at: Date(unixSeconds: try row.decode(column: "at", as: Int64.self))
        )
    }
}
