import Foundation
import SQLKit
import Testing

@testable import PforteStore

@Suite struct MigratorTests {
    private struct Boom: Error {}

    @Test(arguments: StoreBackend.all)
    func migratesOnceAndThenHasNothingToDo(_ backend: StoreBackend) async throws {
        try await backend.withFreshStore { configuration in
            let store = try SQLStore.open(configuration, logger: StoreBackend.logger)
            let migrator = Migrator(store: store, logger: StoreBackend.logger)
            #expect(try await migrator.currentVersion() == 0)
            #expect(try await migrator.migrate() == Migration.all.map(\.version))
            #expect(try await migrator.migrate() == [])
            #expect(try await migrator.currentVersion() == Migration.all.last?.version)
            try await store.close()
        }
    }

    /// Several nodes starting at once against one database apply every migration exactly once.
    /// Only PostgreSQL is shared by several nodes; an SQLite file belongs to one node.
    @Test(arguments: StoreBackend.all.filter { $0 == .postgres })
    func concurrentNodesApplyEachMigrationOnce(_ backend: StoreBackend) async throws {
        try await backend.withFreshStore { configuration in
            let nodes = try (0..<4).map { _ in try SQLStore.open(configuration, logger: StoreBackend.logger) }
            do {
                let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
                    for node in nodes {
                        group.addTask { try await Migrator(store: node, logger: StoreBackend.logger).migrate() }
                    }
                    return try await group.reduce(into: [Int]()) { $0 += $1 }
                }
                #expect(applied.sorted() == Migration.all.map(\.version))
            } catch {
                Issue.record(error)
            }
            for node in nodes { try await node.close() }
        }
    }

    /// A migration that fails half-way leaves nothing behind: neither its first statement's
    /// table nor a version row.
    @Test(arguments: StoreBackend.all)
    func aFailingMigrationLeavesNoTrace(_ backend: StoreBackend) async throws {
        try await backend.withFreshStore { configuration in
            let store = try SQLStore.open(configuration, logger: StoreBackend.logger)
            let failing = Migration(version: 1, name: "half done") { database, _ in
                try await database.create(table: "half_done").column("id", type: .bigint).run()
                throw Boom()
            }
            let migrator = Migrator(store: store, migrations: [failing], logger: StoreBackend.logger)
            await #expect(throws: Boom.self) { try await migrator.migrate() }
            #expect(try await migrator.currentVersion() == 0)
            await #expect(throws: (any Error).self) {
                try await store.withConnection { try await $0.select().column("id").from("half_done").all() }
            }
            try await store.close()
        }
    }

    @Test(arguments: StoreBackend.all)
    func aDatabaseFromANewerPforteIsRefused(_ backend: StoreBackend) async throws {
        try await backend.withFreshStore { configuration in
            let store = try SQLStore.open(configuration, logger: StoreBackend.logger)
            let first = Migration(version: 1, name: "one") { database, _ in
                try await database.create(table: "one").column("id", type: .bigint).run()
            }
            let second = Migration(version: 2, name: "two") { database, _ in
                try await database.create(table: "two").column("id", type: .bigint).run()
            }
            try await Migrator(store: store, migrations: [first, second], logger: StoreBackend.logger).migrate()
            let error = await #expect(throws: StoreError.self) {
                try await Migrator(store: store, migrations: [first], logger: StoreBackend.logger).migrate()
            }
            #expect(error?.code == .schemaTooNew(database: 2, known: 1))
            try await store.close()
        }
    }
}
