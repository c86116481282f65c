import Foundation
import SQLKit
import Testing

@testable import PforteStore

/// Every unit of work has a deadline; a connection that overran one is closed, never reused.
@Suite struct StoreDeadlineTests {
    private static func shortTimeouts(_ configuration: StoreConfiguration, poolSize: Int = 1) -> StoreConfiguration {
        var configuration = configuration
        configuration.poolSize = poolSize
        configuration.statementTimeout = .seconds(2)
        configuration.transactionTimeout = .seconds(2)
        return configuration
    }

    /// Runs `body` with a store that is closed however `body` ends.
    private static func withStore(_ configuration: StoreConfiguration, _ body: (SQLStore) async throws -> Void) async throws {
        let store = try SQLStore.open(shortTimeouts(configuration), logger: StoreBackend.logger)
        do {
            try await body(store)
            try await store.close()
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// The client's deadline alone: the session switches the server's `statement_timeout` off
    /// and waits for an advisory lock that another session holds until the test ends, so only
    /// Pforte can end the wait. The request fails within the deadline, and the next unit gets a
    /// new connection (the server's limit is back), not the one that hung.
    @Test(.enabled(if: StoreBackend.postgresURL != nil))
    func aStatementPastTheClientDeadlineFailsAndItsConnectionIsReplaced() async throws {
        try await StoreBackend.postgres.withFreshStore { configuration in
            let holder = try SQLStore.open(configuration, logger: StoreBackend.logger)
            defer { Task { try? await holder.close() } }
            try await holder.withConnection { try await $0.raw("SELECT pg_advisory_lock(4711)").run() }
            try await Self.withStore(configuration) { store in
                let error = await #expect(throws: StoreError.self) {
                    try await store.withConnection { database in
                        try await database.raw("SET statement_timeout = 0").run()
                        try await database.raw("SELECT pg_advisory_lock(4711)").run()
                    }
                }
                #expect(error?.code == .timedOut)
                let limit = try await store.withConnection { database in
                    try await database.raw("SHOW statement_timeout").first()?.decode(column: "statement_timeout", as: String.self)
                }
                #expect(limit == "2s")
            }
            try await holder.close()
        }
    }

    /// The server's `statement_timeout` is set on every connection, so a statement the client
    /// gave up on also stops running there.
    @Test(.enabled(if: StoreBackend.postgresURL != nil))
    func theServerEnforcesTheStatementTimeoutToo() async throws {
        try await StoreBackend.postgres.withFreshStore { configuration in try await Self.withStore(configuration) { store in
            let limits = try await store.withConnection { database in
                try await database.raw("SELECT current_setting('statement_timeout') AS s, current_setting('idle_in_transaction_session_timeout') AS t").first()
            }
            #expect(try limits?.decode(column: "s", as: String.self) == "2s")
            #expect(try limits?.decode(column: "t", as: String.self) == "2s")
        } }
    }

    /// A transaction that runs out of time fails with `timedOut` at its next statement and
    /// writes nothing; the store keeps working.
    @Test(.enabled(if: StoreBackend.postgresURL != nil))
    func aTransactionPastItsDeadlineWritesNothing() async throws {
        try await StoreBackend.postgres.withFreshStore { configuration in
            try await Self.withStore(configuration) { store in
                try await store.withConnection { try await $0.create(table: "notes").column("text", type: .text).run() }
                let error = await #expect(throws: StoreError.self) {
                    try await store.transaction(timeout: .milliseconds(500)) { database in
                        try await database.insert(into: "notes").columns("text").values(SQLBind("lost")).run()
                        try await Task.sleep(for: .milliseconds(700))
                        try await database.insert(into: "notes").columns("text").values(SQLBind("late")).run()
                    }
                }
                #expect(error?.code == .timedOut)
                try await store.transaction { try await $0.insert(into: "notes").columns("text").values(SQLBind("kept")).run() }
                let rows = try await store.withConnection { try await $0.select().column("text").from("notes").all() }
                #expect(try rows.map { try $0.decode(column: "text", as: String.self) } == ["kept"])
            }
        }
    }

    /// More units than connections: the ones that get no connection (or, on SQLite, no turn
    /// to write) fail with `timedOut` after the bounded wait, while the holders still hold.
    @Test(arguments: StoreBackend.all)
    func anExhaustedPoolFailsFast(_ backend: StoreBackend) async throws {
        try await backend.withFreshStore { configuration in try await Self.withStore(configuration) { store in
            // The holders hold until the first unit has failed, however long that takes.
            let gate = Gate()
            let outcomes = await withTaskGroup(of: StoreError.Code?.self) { group in
                for _ in 0..<(2 * ProcessInfo.processInfo.activeProcessorCount + 2) {
                    group.addTask {
                        do {
                            try await store.transaction { _ in await gate.passed() }
                            return nil
                        } catch let error as StoreError {
                            return error.code
                        } catch {
                            return .invalidConfiguration
                        }
                    }
                }
                var outcomes: [StoreError.Code?] = []
                for await outcome in group {
                    if outcome != nil { gate.open() }
                    outcomes.append(outcome)
                }
                return outcomes
            }
            #expect(outcomes.contains(.timedOut))
            #expect(outcomes.allSatisfy { $0 == nil || $0 == .timedOut })
            try await store.ping()
        } }
    }

    /// The operator reads where and why in one line, not postgres-nio's generic text.
    @Test func anUnreachablePostgresNamesItsAddressAndReason() async throws {
        let store = try SQLStore.open(
            StoreConfiguration(backend: .postgres(url: "postgres://nobody@127.0.0.1:1/none"), poolSize: 1), logger: StoreBackend.logger
        )
        let error = await #expect(throws: StoreError.self) { try await store.ping() }
        #expect(error?.code == .unavailable)
        #expect(error?.detail.contains("PostgreSQL at 127.0.0.1:1, database none, role nobody") == true)
        #expect(error?.detail.contains("Generic description") == false)
        try await store.close()
    }

    /// A login refused by the server is reported with the server's own message.
    @Test(.enabled(if: StoreBackend.postgresURL != nil))
    func aRefusedRoleIsReportedWithTheServersMessage() async throws {
        let url = try #require(StoreBackend.postgresURL)
        var components = try #require(URLComponents(string: url))
        components.user = "no_such_role_pforte"
        components.password = nil
        let store = try SQLStore.open(StoreConfiguration(backend: .postgres(url: try #require(components.string)), poolSize: 1),
                                      logger: StoreBackend.logger)
        let error = await #expect(throws: StoreError.self) { try await store.ping() }
        #expect(error?.detail.contains("no_such_role_pforte") == true)
        #expect(error?.detail.contains("does not exist") == true)
        #expect(error?.detail.contains("SQLSTATE") == true)
        try await store.close()
    }
}
