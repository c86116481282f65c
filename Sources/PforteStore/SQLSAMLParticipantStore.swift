public import Foundation
import SQLKit

/// ``SAMLParticipantStore`` on SQL. Not tied to the sessions table by a foreign key: the
/// records must outlive the session row long enough for logout to notify the participants.
public struct SQLSAMLParticipantStore: SAMLParticipantStore {
    static let table = "saml_participants"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func record(_ participant: SAMLParticipantRecord) async throws -> SAMLParticipantRecord {
        // One upsert rather than a look-up and an insert: two at once would both insert.
        let row = try await store.transaction { database in
            try await database.insert(into: Self.table)
                .columns("session_digest", "service_provider", "name_id", "name_id_format", "session_index", "expires_at")
                .values(SQLBind(participant.sessionDigest.bytes), SQLBind(participant.serviceProvider),
                        SQLBind(participant.nameID), SQLBind(participant.nameIDFormat), SQLBind(participant.sessionIndex),
                        SQLBind(participant.expiresAt.unixSeconds))
                .onConflict(with: ["session_digest", "service_provider"]) { update in
                    update
                        .set(excludedValueOf: "name_id")
                        .set(excludedValueOf: "name_id_format")
                        .set(excludedValueOf: "expires_at")
                }
                .returning("*")
                .first()
        }
        guard let row else { throw AccountStoreError(.unreadableValue, "the participant upsert returned no row") }
        return try SAMLParticipantRecord(row: row)
    }

    public func find(sessionDigest: SecretDigest, serviceProvider: String) async throws -> SAMLParticipantRecord? {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table)
                .where("session_digest", .equal, SQLBind(sessionDigest.bytes))
                .where("service_provider", .equal, serviceProvider)
                .first()
        }.map(SAMLParticipantRecord.init(row:))
    }

    public func find(serviceProvider: String, sessionIndex: String) async throws -> SAMLParticipantRecord? {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table)
                .where("service_provider", .equal, serviceProvider)
                .where("session_index", .equal, sessionIndex)
                .first()
        }.map(SAMLParticipantRecord.init(row:))
    }

    public func list(sessionDigest: SecretDigest) async throws -> [SAMLParticipantRecord] {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table)
                .where("session_digest", .equal, SQLBind(sessionDigest.bytes))
                .orderBy("service_provider")
                .all()
        }.map(SAMLParticipantRecord.init(row:))
    }

    @discardableResult
    public func removeAll(sessionDigest: SecretDigest) async throws -> [SAMLParticipantRecord] {
        try await store.transaction { database in
            try await database.delete(from: Self.table)
                .where("session_digest", .equal, SQLBind(sessionDigest.bytes))
                .returning("*")
                .all()
        }.map(SAMLParticipantRecord.init(row:)).sorted { $0.serviceProvider < $1.serviceProvider }
    }

    public func purgeExpired(now: Date) async throws -> Int {
        try await store.deleteInBatches(
            from: Self.table, key: ["session_digest", "service_provider"], where: expired("expires_at", atOrBefore: now.unixSeconds), returning: ["session_index"]
        ).count
    }
}

extension SAMLParticipantRecord {
    init(row: any SQLRow) throws {
        self.init(
            sessionDigest: try SecretDigest(try row.decode(column: "session_digest", as: Data.self)),
            serviceProvider: try row.decode(column: "service_provider", as: String.self),
            nameID: try row.decode(column: "name_id", as: String.self),
            nameIDFormat: try row.decode(column: "name_id_format", as: String.self),
            sessionIndex: try row.decode(column: "session_index", as: String.self),
            expiresAt: Date(unixSeconds: try row.decode(column: "expires_at", as: Int64.self))
        )
    }
}
