public import Foundation
import SQLKit

/// ``MetadataSourceStore`` on SQL. The lease is two columns of the source's row, taken by one
/// conditional UPDATE, so two nodes never fetch the same source at once.
public struct SQLMetadataSourceStore: MetadataSourceStore {
    static let table = "metadata_sources"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func save(_ source: MetadataSourceRecord) async throws {
        try await store.transaction { database in
            try await database.insert(into: Self.table)
                .columns("url", "role", "certificate", "settings", "refresh_seconds", "next_refresh_at", "entities")
                .values(SQLBind(source.url), SQLBind(source.role.rawValue), SQLBind(source.certificate), SQLBind(source.settings),
                        SQLBind(source.refreshSeconds), SQLBind(source.nextRefreshAt.unixSeconds), SQLBind(source.entities))
                .onConflict(with: ["url"]) { update in
                    update
                        .set(excludedValueOf: "role")
                        .set(excludedValueOf: "certificate")
                        .set(excludedValueOf: "settings")
                        .set(excludedValueOf: "refresh_seconds")
                        .set(excludedValueOf: "next_refresh_at")
                }
                .run()
        }
    }

    public func list() async throws -> [MetadataSourceRecord] {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table).orderBy("url").all()
        }.map(MetadataSourceRecord.init(row:))
    }

    @discardableResult
    public func delete(url: String) async throws -> Bool {
        try await store.transaction { database in
            let deleted = try await database.delete(from: Self.table).where("url", .equal, url).returning("url").all()
            let copy = try await database.delete(from: SQLMetadataDocumentStore.table)
                .where("origin", .equal, MetadataDocumentRecord.Origin.url.rawValue).where("name", .equal, url)
                .returning("name").all()
            if !copy.isEmpty { try await SQLMetadataDocumentStore.raiseVersion(database) }
            return !deleted.isEmpty
        }
    }

    public func claimDue(holder: String, now: Date, leaseEnd: Date) async throws -> [MetadataSourceRecord] {
        try await store.transaction { database in
            try await database.update(Self.table)
                .set("lease_holder", to: SQLBind(holder))
                .set("lease_until", to: SQLBind(leaseEnd.unixSeconds))
                .where("next_refresh_at", .lessThanOrEqual, SQLBind(now.unixSeconds))
                .where { free in
                    free.where("lease_until", .is, SQLLiteral.null).orWhere("lease_until", .lessThan, SQLBind(now.unixSeconds))
                }
                .returning("*")
                .all()
        }.map(MetadataSourceRecord.init(row:))
    }

    public func recordSuccess(_ source: MetadataSourceRecord, document: MetadataDocumentRecord, holder: String) async throws {
        try await store.transaction { database in
            guard try await endLease(source, holder: holder, database) else { return }
            // An unchanged copy (the usual refresh) does not make every node rebuild.
            let current = try await database.select().column("*").from(SQLMetadataDocumentStore.table)
                .where("origin", .equal, document.origin.rawValue).where("name", .equal, document.name)
                .first().map(MetadataDocumentRecord.init(row:))
            if let current, current.document == document.document, current.settings == document.settings,
               current.certificate == document.certificate, current.role == document.role { return }
            try await SQLMetadataDocumentStore.upsert(document, database)
            try await SQLMetadataDocumentStore.raiseVersion(database)
        }
    }

    public func recordFailure(_ source: MetadataSourceRecord, holder: String) async throws {
        _ = try await store.transaction { database in
            try await endLease(source, holder: holder, database)
        }
    }

    /// Writes the source's state and ends the lease, if `holder` still holds it.
    private func endLease(_ source: MetadataSourceRecord, holder: String, _ database: any SQLDatabase) async throws -> Bool {
        try await database.update(Self.table)
            .set("lease_holder", to: SQLLiteral.null)
            .set("lease_until", to: SQLLiteral.null)
            .set("next_refresh_at", to: SQLBind(source.nextRefreshAt.unixSeconds))
            .set("last_success_at", to: SQLBind(source.lastSuccessAt?.unixSeconds))
            .set("valid_until", to: SQLBind(source.validUntil?.unixSeconds))
            .set("entities", to: SQLBind(source.entities))
            .set("last_error", to: SQLBind(source.lastError))
            .where("url", .equal, source.url)
            .where("lease_holder", .equal, holder)
            .returning("url")
            .all()
            .isEmpty == false
    }
}

extension MetadataSourceRecord {
    init(row: any SQLRow) throws {
        let role = try row.decode(column: "role", as: String.self)
        guard let knownRole = MetadataDocumentRecord.Role(rawValue: role) else {
            throw AccountStoreError(.unreadableValue, "metadata source of unknown role \(role)")
        }
        self.init(
            url: try row.decode(column: "url", as: String.self), role: knownRole,
            certificate: try row.decode(column: "certificate", as: String.self),
            settings: try row.decode(column: "settings", as: String.self),
            refreshSeconds: try row.decode(column: "refresh_seconds", as: Int.self),
            nextRefreshAt: Date(unixSeconds: try row.decode(column: "next_refresh_at", as: Int64.self)),
            lastSuccessAt: try row.decode(column: "last_success_at", as: Int64?.self).map(Date.init(unixSeconds:)),
            validUntil: try row.decode(column: "valid_until", as: Int64?.self).map(Date.init(unixSeconds:)),
            entities: try row.decode(column: "entities", as: Int.self),
            lastError: try row.decode(column: "last_error", as: String?.self)
        )
    }
}

extension Migration {
    /// Metadata sources by URL (issue #21), each with the lease of the node refreshing it.
    static let metadataSources = Migration(version: 18, name: "metadata sources") { database, _ in
        try await database.create(table: SQLMetadataSourceStore.table)
            .column("url", type: .text, .primaryKey(autoIncrement: false))
            .column("role", type: .text, .notNull)
            .column("certificate", type: .text, .notNull)
            .column("settings", type: .text, .notNull)
            .column("refresh_seconds", type: .int, .notNull)
            .column("next_refresh_at", type: .bigint, .notNull)
            .column("lease_holder", type: .text)
            .column("lease_until", type: .bigint)
            .column("last_success_at", type: .bigint)
            .column("valid_until", type: .bigint)
            .column("entities", type: .int, .notNull)
            .column("last_error", type: .text)
            .run()
    }
}
