import Foundation
import SQLKit

/// The `token_families` row of a grant: every token issued from one authorization code and its
/// refresh tokens. It is what issuing and revoking agree on across nodes. Issuing updates the
/// row only while `revoked_at` is null and revoking sets it, so each takes the row's lock: on
/// PostgreSQL a revocation waits for an issuing transaction in flight and its following
/// `DELETE`s (a new snapshot under READ COMMITTED) see that transaction's tokens; an issue
/// after the revocation finds the flag set and writes nothing. SQLite serialises all writers.
///
/// Lock order, to keep PostgreSQL free of deadlocks: the family row first, then the
/// credential, session link and token rows — in issuing, in revoking and in
/// ``SQLSessionLinkStore/claimEnded(now:)``. Only a code redemption spends the code row before
/// it creates the family row, which nobody else can hold yet.
enum SQLTokenFamily {
    static let table = "token_families"

    /// Thrown inside a transaction to roll back an issue whose family or session has ended.
    struct Ended: Error {}

    /// Creates the family of a code being redeemed (a code issued before the families existed
    /// already has its row from the migration) and locks it for issuing.
    static func open(grantID: String, sessionDigest: SecretDigest?, now: Date, on database: any SQLDatabase) async throws -> Bool {
        try await database.insert(into: table)
            .columns("grant_id", "session_digest", "created_at", "last_issued_at")
            .values(SQLBind(grantID), SQLBind(sessionDigest?.bytes), SQLBind(now.unixSeconds), SQLBind(now.unixSeconds))
            .ignoringConflicts(with: ["grant_id"])
            .run()
        return try await lockForIssuing(grantID: grantID, now: now, on: database)
    }

    /// Locks the family for issuing; `false` when it was revoked (or is unknown).
    static func lockForIssuing(grantID: String, now: Date, on database: any SQLDatabase) async throws -> Bool {
        try await database.update(table)
            .set("last_issued_at", to: now.unixSeconds)
            .where("grant_id", .equal, grantID)
            .where("revoked_at", .is, SQLLiteral.null)
            .returning("grant_id")
            .first() != nil
    }

    /// Writes the tokens of one issue into the locked family; throws ``Ended`` when the grant's
    /// session is over.
    static func write(_ issue: TokenIssue, now: Date, on database: any SQLDatabase) async throws {
        if let link = issue.sessionLink {
            guard try await SQLSessionStore.isLive(idDigest: link.sessionDigest, now: now, on: database) else { throw Ended() }
            try await SQLSessionLinkStore.insert(link, now: now, on: database)
        }
        try await SQLAccessTokenStore.insert(issue.accessToken, on: database)
        try await issue.refreshToken.insert(into: SQLRefreshTokenStore.table, on: database)
    }

    /// Marks the family revoked and deletes its refresh and access tokens.
    static func revoke(grantID: String, now: Date, on database: any SQLDatabase) async throws {
        try await database.update(table)
            .set("revoked_at", to: SQLFunction("COALESCE", args: SQLIdentifier("revoked_at"), SQLBind(now.unixSeconds)))
            .where("grant_id", .equal, grantID)
            .run()
        try await deleteTokens(grantIDs: [grantID], on: database)
    }

    /// Revokes every family of the account with the client (a withdrawn consent), or with any
    /// client when `clientID` is `nil` (an administrative lock), and deletes the tokens of theirs,
    /// including any that have no family row.
    static func revoke(accountID: String, clientID: String?, now: Date, on database: any SQLDatabase) async throws {
        let ofClient = clientID.map { SQLQueryString(" AND client_id = \(bind: $0)") } ?? SQLQueryString("")
        try await database.raw("""
            UPDATE \(ident: table) SET revoked_at = COALESCE(revoked_at, \(bind: now.unixSeconds))
            WHERE grant_id IN (
                SELECT grant_id FROM \(ident: SQLRefreshTokenStore.table)
                WHERE account_id = \(bind: accountID)\(ofClient)
                UNION SELECT grant_id FROM \(ident: SQLAuthorizationCodeStore.table)
                WHERE account_id = \(bind: accountID)\(ofClient)
            )
            """).run()
        for tokens in [SQLRefreshTokenStore.table, SQLAccessTokenStore.table] {
            let delete = database.delete(from: tokens).where("account_id", .equal, accountID)
            if let clientID { delete.where("client_id", .equal, clientID) }
            try await delete.run()
        }
    }

    /// Revokes the families whose session has ended (logout, idle timeout, absolute lifetime,
    /// a replacing login, account deletion or lock); returns their grant ids.
    static func revokeSessionsEnded(now: Date, on database: any SQLDatabase) async throws -> [String] {
        let seconds = now.unixSeconds
        let grantIDs = try await database.raw("""
            UPDATE \(ident: table) SET revoked_at = \(bind: seconds)
            WHERE revoked_at IS NULL AND session_digest IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM \(ident: SQLSessionStore.table) AS s
                WHERE s.id_digest = \(ident: table).session_digest
                AND s.expires_at > \(bind: seconds) AND s.idle_expires_at > \(bind: seconds)
            ) RETURNING grant_id
            """).all().map { try $0.decode(column: "grant_id", as: String.self) }
        try await deleteTokens(grantIDs: grantIDs, on: database)
        return grantIDs
    }

    /// Deletes the families none of whose codes or refresh tokens is left: nothing can be
    /// issued in them any more.
    static func purgeFinished(in store: SQLStore) async throws -> Int {
        let finished: SQLQueryString = """
            NOT EXISTS (
                SELECT 1 FROM \(ident: SQLAuthorizationCodeStore.table) AS c WHERE c.grant_id = \(ident: table).grant_id
            ) AND NOT EXISTS (
                SELECT 1 FROM \(ident: SQLRefreshTokenStore.table) AS r WHERE r.grant_id = \(ident: table).grant_id
            )
            """
        return try await store.deleteInBatches(from: table, key: ["grant_id"], where: finished, returning: ["grant_id"]).count
    }

    private static func deleteTokens(grantIDs: [String], on database: any SQLDatabase) async throws {
        guard !grantIDs.isEmpty else { return }
        for tokens in [SQLRefreshTokenStore.table, SQLAccessTokenStore.table] {
            try await database.delete(from: tokens).where("grant_id", .in, grantIDs).run()
        }
    }
}
