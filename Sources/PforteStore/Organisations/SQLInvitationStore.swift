public import Foundation
import SQLKit

/// ``InvitationStore`` on SQL. Accepting is one conditional `UPDATE … RETURNING`, so a link
/// opened in two tabs is accepted once.
public struct SQLInvitationStore: InvitationStore {
    static let table = "organisation_invitations"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func issue(_ invitation: InvitationRecord, mails: [OutgoingMail]) async throws {
        do {
            try await store.transaction { database in
                try await database.insert(into: Self.table)
                    .columns("digest", "organisation_id", "email", "created_at", "expires_at", "adult")
                    .values(SQLBind(invitation.digest.bytes), SQLBind(invitation.organisationID), SQLBind(invitation.email),
                            SQLBind(invitation.createdAt.unixSeconds), SQLBind(invitation.expiresAt.unixSeconds), SQLBind(0))
                    .run()
                try await SQLMailQueueStore.insert(mails, on: database)
            }
        } catch where ConstraintViolation.isForeignKey(error) {
            throw OrganisationStoreError(.organisationNotFound, "no organisation \(invitation.organisationID) to invite to")
        }
    }

    public func openCount(organisationID: String, now: Date) async throws -> Int {
        try await store.withConnection { database in
            try await database.select().column("digest").from(Self.table)
                .where("organisation_id", .equal, organisationID).where("accepted_by", .is, SQLLiteral.null)
                .where("expires_at", .greaterThan, now.unixSeconds).all()
        }.count
    }

    public func findOpen(digest: SecretDigest, now: Date) async throws -> InvitationRecord? {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table)
                .where("digest", .equal, digest.bytes).where("accepted_by", .is, SQLLiteral.null)
                .where("expires_at", .greaterThan, now.unixSeconds).first()
        }.map { try InvitationRecord(row: $0, login: "") }
    }

    public func accept(digest: SecretDigest, accountID: String, adult: Bool, now: Date,
                       mails: [OutgoingMail]) async throws -> InvitationRecord? {
        try await store.transaction { database in
            let accepted = try await database.update(Self.table)
                .set("accepted_by", to: accountID).set("accepted_at", to: now.unixSeconds).set("adult", to: adult ? 1 : 0)
                .where("digest", .equal, digest.bytes).where("accepted_by", .is, SQLLiteral.null)
                .where("expires_at", .greaterThan, now.unixSeconds)
                .returning("*").first()
            if accepted != nil { try await SQLMailQueueStore.insert(mails, on: database) }
            return accepted
        }.map { try InvitationRecord(row: $0, login: "") }
    }

    public func awaitingConfirmation(organisationID: String) async throws -> [InvitationRecord] {
        try await accepted(organisationID: organisationID, accountID: nil)
    }

    public func accepted(organisationID: String, accountID: String) async throws -> InvitationRecord? {
        try await accepted(organisationID: organisationID, accountID: Optional(accountID)).first
    }

    public func awaitingConfirmation(acceptedBy accountID: String) async throws -> [(organisationID: String, name: String)] {
        try await store.withConnection { database in
            try await database.raw("""
                SELECT o.id, o.name FROM \(ident: Self.table) i JOIN \(ident: SQLOrganisationStore.table) o ON o.id = i.organisation_id
                WHERE i.accepted_by = \(bind: accountID) ORDER BY o.name, o.id
                """).all()
        }.map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "name", as: String.self)) }
    }

    private func accepted(organisationID: String, accountID: String?) async throws -> [InvitationRecord] {
        try await store.withConnection { database in
            let filter: SQLQueryString = accountID.map { id -> SQLQueryString in "AND i.accepted_by = \(bind: id)" } ?? ""
            return try await database.raw("""
                SELECT i.*, a.login FROM \(ident: Self.table) i JOIN \(ident: SQLAccountStore.table) a ON a.id = i.accepted_by
                WHERE i.organisation_id = \(bind: organisationID) \(filter) ORDER BY i.accepted_at, a.login
                """).all()
        }.map { try InvitationRecord(row: $0, login: $0.decode(column: "login", as: String.self)) }
    }

    @discardableResult
    public func decline(organisationID: String, accountID: String) async throws -> Bool {
        try await store.transaction { database in
            try await database.delete(from: Self.table)
                .where("organisation_id", .equal, organisationID).where("accepted_by", .equal, accountID)
                .returning("digest").all()
        }.count > 0
    }

    public func purgeExpired(now: Date) async throws -> Int {
        try await store.deleteInBatches(
            from: Self.table, key: ["digest"],
            where: SQLBinaryExpression(
                SQLBinaryExpression(SQLColumn("accepted_by"), .is, SQLLiteral.null), .and, expired("expires_at", atOrBefore: now.unixSeconds)
            ),
            returning: ["digest"]
        ).count
    }
}

extension InvitationRecord {
    init(row: any SQLRow, login: String) throws {
        self.init(
            digest: try SecretDigest(try row.decode(column: "digest", as: Data.self)),
            organisationID: try row.decode(column: "organisation_id", as: String.self),
            email: try row.decode(column: "email", as: String.self),
            createdAt: Date(unixSeconds: try row.decode(column: "created_at", as: Int64.self)),
            expiresAt: Date(unixSeconds: try row.decode(column: "expires_at", as: Int64.self)),
            acceptedBy: try row.decode(column: "accepted_by", as: String?.self),
            acceptedAt: try row.decode(column: "accepted_at", as: Int64?.self).map(Date.init(unixSeconds:)),
            adult: try row.decode(column: "adult", as: Int64.self) != 0,
            acceptedLogin: login
        )
    }
}
