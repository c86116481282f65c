import Foundation
import SQLKit

/// ``MetadataDocumentStore`` on SQL: one table of documents and a one-row table holding the
/// version, raised in the transaction of every change so no node misses one.
public struct SQLMetadataDocumentStore: MetadataDocumentStore {
    static let table = "metadata_documents"
    static let versionTable = "metadata_registry_version"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func list() async throws -> [MetadataDocumentRecord] {
        let records = try await store.withConnection { database in
            try await database.select().column("*").from(Self.table).orderBy("name").all()
        }.map(MetadataDocumentRecord.init(row:))
        let order = MetadataDocumentRecord.Origin.allCases
        return records.sorted { (order.firstIndex(of: $0.origin)!, $0.name) < (order.firstIndex(of: $1.origin)!, $1.name) }
    }

    public func save(_ record: MetadataDocumentRecord) async throws {
        try await store.transaction { database in
            try await Self.upsert(record, database)
            try await Self.raiseVersion(database)
        }
    }

    @discardableResult
    public func delete(origin: MetadataDocumentRecord.Origin, name: String) async throws -> Bool {
        try await store.transaction { database in
            let deleted = try await database.delete(from: Self.table)
                .where("origin", .equal, origin.rawValue).where("name", .equal, name)
                .returning("name").all()
            if !deleted.isEmpty { try await Self.raiseVersion(database) }
            return !deleted.isEmpty
        }
    }

    public func version() async throws -> Int64 {
        try await store.withConnection { database in
            try await database.select().column("version").from(Self.versionTable).where("id", .equal, 1).first()
        }.map { try $0.decode(column: "version", as: Int64.self) } ?? 0
    }

    static func upsert(_ record: MetadataDocumentRecord, _ database: any SQLDatabase) async throws {
        try await database.insert(into: table)
            .columns("origin", "name", "role", "document", "settings", "certificate", "updated_at")
            .values(SQLBind(record.origin.rawValue), SQLBind(record.name), SQLBind(record.role.rawValue),
                    SQLBind(String(decoding: record.document, as: UTF8.self)), SQLBind(record.settings),
                    SQLBind(record.certificate), SQLBind(record.updatedAt.unixSeconds))
            .onConflict(with: ["origin", "name"]) { update in
                update
                    .set(excludedValueOf: "role")
                    .set(excludedValueOf: "document")
                    .set(excludedValueOf: "settings")
                    .set(excludedValueOf: "certificate")
                    .set(excludedValueOf: "updated_at")
            }
            .run()
    }

    static func raiseVersion(_ database: any SQLDatabase) async throws {
        try await database.update(versionTable)
            .set("version", to: SQLBinaryExpression(SQLColumn("version"), .add, SQLLiteral.numeric("1")))
            .where("id", .equal, 1)
            .run()
    }
}

extension MetadataDocumentRecord {
    init(row: any SQLRow) throws {
        let origin = try row.decode(column: "origin", as: String.self)
        let role = try row.decode(column: "role", as: String.self)
        guard let knownOrigin = Origin(rawValue: origin), let knownRole = Role(rawValue: role) else {
            throw AccountStoreError(.unreadableValue, "metadata document of unknown origin \(origin) or role \(role)")
        }
        self.init(
            origin: knownOrigin, name: try row.decode(column: "name", as: String.self), role: knownRole,
            document: Data(try row.decode(column: "document", as: String.self).utf8),
            settings: try row.decode(column: "settings", as: String.self),
            certificate: try row.decode(column: "certificate", as: String?.self),
            updatedAt: Date(unixSeconds: try row.decode(column: "updated_at", as: Int64.self))
        )
    }
}

extension Migration {
    /// The relying-party registry (issue #21). Documents are text (XML and YAML, readable in a
    /// dump, the same on both backends). The version row exists from the start, so raising it
    /// is one UPDATE.
    static let metadataRegistry = Migration(version: 17, name: "metadata registry") { database, _ in
        try await database.create(table: SQLMetadataDocumentStore.table)
            .column("origin", type: .text, .notNull)
            .column("name", type: .text, .notNull)
            .column("role", type: .text, .notNull)
            .column("document", type: .text, .notNull)
            .column("settings", type: .text, .notNull)
            .column("certificate", type: .text)
            .column("updated_at", type: .bigint, .notNull)
            .primaryKey("origin", "name")
            .run()
        try await database.create(table: SQLMetadataDocumentStore.versionTable)
            .column("id", type: .int, .primaryKey(autoIncrement: false))
            .column("version", type: .bigint, .notNull)
            .run()
        try await database.insert(into: SQLMetadataDocumentStore.versionTable).columns("id", "version")
            .values(SQLBind(1), SQLBind(Int64(0))).run()
    }
}
