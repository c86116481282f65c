import Foundation
import SQLKit
import Testing

@testable import PforteStore

@Suite struct SQLStoreTests {
    private struct Boom: Error {}

    @Test(arguments: StoreBackend.all)
    func pingAnswers(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            try await store.ping()
        }
    }

    @Test(arguments: StoreBackend.all)
    func aTransactionThatThrowsWritesNothing(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            try await store.withConnection { try await $0.create(table: "notes").column("text", type: .text).run() }
            await #expect(throws: Boom.self) {
                try await store.transaction { database in
                    try await database.insert(into: "notes").columns("text").values(SQLBind("lost")).run()
                    throw Boom()
                }
            }
            try await store.transaction { database in
                try await database.insert(into: "notes").columns("text").values(SQLBind("kept")).run()
            }
            let rows = try await store.withConnection { try await $0.select().column("text").from("notes").all() }
            #expect(try rows.map { try $0.decode(column: "text", as: String.self) } == ["kept"])
        }
    }

    /// The connection that saw a failed transaction goes back to the pool usable: the next
    /// transactions on a pool of one connection succeed.
    @Test(arguments: StoreBackend.all)
    func aConnectionIsReusableAfterARolledBackTransaction(_ backend: StoreBackend) async throws {
        try await backend.withFreshStore { configuration in
            var single = configuration
            single.poolSize = 1
            let store = try SQLStore.open(single, logger: StoreBackend.logger)
            try await store.withConnection { try await $0.create(table: "notes").column("text", type: .text).run() }
            for _ in 0..<3 {
                await #expect(throws: Boom.self) {
                    try await store.transaction { database in
                        try await database.insert(into: "notes").columns("text").values(SQLBind("lost")).run()
                        throw Boom()
                    }
                }
            }
            try await store.transaction { try await $0.insert(into: "notes").columns("text").values(SQLBind("kept")).run() }
            let count = try await store.withConnection { try await $0.select().column("text").from("notes").all().count }
            #expect(count == 1)
            try await store.close()
        }
    }

    @Test func anUnreachablePostgresFailsThePing() async throws {
        let store = try SQLStore.open(StoreConfiguration(backend: .postgres(url: "postgres://nobody@127.0.0.1:1/none"), poolSize: 1), logger: StoreBackend.logger)
        await #expect(throws: (any Error).self) { try await store.ping() }
        try await store.close()
    }

    @Test func aMalformedPostgresURLIsAConfigurationError() {
        let error = #expect(throws: StoreError.self) {
            try SQLStore.open(StoreConfiguration(backend: .postgres(url: "postgres://")), logger: StoreBackend.logger)
        }
        #expect(error?.code == .invalidConfiguration)
    }
}
