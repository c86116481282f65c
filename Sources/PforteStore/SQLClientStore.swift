import Foundation
import SQLKit

/// ``ClientStore`` on SQL. The primary key on `client_id` decides, atomically across nodes,
/// which of two registrations of one id wins.
public struct SQLClientStore: ClientStore {
    static let table = "oidc_clients"

    private let store: SQLStore

    public init(store: SQLStore) {
        self.store = store
    }

    public func create(_ client: ClientRecord) async throws {
        let inserted = try await store.transaction { database in
            try await database.insert(into: Self.table)
                .columns("client_id", "registration", "secret_digest", "created_at")
                .values(SQLBind(client.clientID), SQLBind(String(decoding: client.registration, as: UTF8.self)),
                        SQLBind(client.secretDigest?.bytes), SQLBind(client.createdAt.unixSeconds))
                .ignoringConflicts(with: ["client_id"])
                .returning("client_id")
                .all()
        }
        if inserted.isEmpty { throw StoreError(.clientIDTaken, "a client \(client.clientID) exists already") }
    }

    public func find(clientID: String) async throws -> ClientRecord? {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table).where("client_id", .equal, clientID).first()
        }.map(ClientRecord.init(row:))
    }

    public func list() async throws -> [ClientRecord] {
        try await store.withConnection { database in
            try await database.select().column("*").from(Self.table).orderBy("client_id").all()
        }.map(ClientRecord.init(row:))
    }

    @discardableResult
    public func delete(clientID: String) async throws -> Bool {
        try await store.transaction { database in
            try await database.delete(from: Self.table).where("client_id", .equal, clientID).returning("client_id").all()
        }.isEmpty == false
    }
}

extension ClientRecord {
    init(row: any SQLRow) throws {
        self.init(
            clientID: try row.decode(column: "client_id", as: String.self),
            registration: Data(try row.decode(column: "registration", as: String.self).utf8),
            secretDigest: try row.decode(column: "secret_digest", as: Data?.self).map(SecretDigest.init),
            createdAt: Date(unixSeconds: try row.decode(column: "created_at", as: Int64.self))
        )
    }
}

extension Migration {
    /// OIDC clients registered through the CLI. The registration is a JSON document as text
    /// (readable in a dump, the same on both backends); it holds no secret, only the digest
    /// column does.
    static let oidcClients = Migration(version: 6, name: "oidc clients") { database, _ in
        try await database.create(table: SQLClientStore.table)
            .column("client_id", type: .text, .primaryKey(autoIncrement: false))
            .column("registration", type: .text, .notNull)
            .column("secret_digest", type: .blob)
            .column("created_at", type: .bigint, .notNull)
            .run()
    }
}
