import Foundation
import Logging
import SQLKit
import Testing

@testable import PforteStore

/// A fresh, empty database on one backend for one test: a temporary SQLite file, or a new
/// schema in the throwaway PostgreSQL cluster that `make test` starts
/// (`PFORTE_TEST_POSTGRES_URL`).
enum StoreBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    static let postgresURL = ProcessInfo.processInfo.environment["PFORTE_TEST_POSTGRES_URL"]

    /// PostgreSQL runs whenever its URL is given, and CI must give it: a store test suite that
    /// quietly ran on SQLite alone would prove nothing about production.
    static var all: [StoreBackend] {
        if postgresURL != nil || ProcessInfo.processInfo.environment["CI"] != nil { return allCases }
        return [.sqlite]
    }

    static let logger = Logger(label: "pforte.store.tests")

    /// The store deadlines of these tests: far above production's 5 s, because `make test` runs
    /// this suite beside the interop suite on two cores, where a queue of concurrent SQLite
    /// writers (``WriteGate``) may wait that long. The deadlines have tests of their own
    /// (StoreDeadlineTests), which set theirs.
    static let deadline = Duration.seconds(120)

    /// Runs `body` with a store on a new, empty database and removes that database afterwards.
    func withFreshStore(_ body: (StoreConfiguration) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-store-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            try await body(StoreConfiguration(
                backend: .sqlite(path: directory.appendingPathComponent("test.sqlite").path), poolSize: 4,
                statementTimeout: Self.deadline, transactionTimeout: Self.deadline
            ))
        case .postgres:
            let url = try #require(Self.postgresURL, "PFORTE_TEST_POSTGRES_URL is not set: run the tests through `make test`")
            let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let admin = try SQLStore.open(StoreConfiguration(backend: .postgres(url: url), poolSize: 1), logger: Self.logger)
            try await admin.withConnection { try await $0.raw("CREATE SCHEMA \(ident: schema)").run() }
            do {
                try await body(StoreConfiguration(
                    backend: .postgres(url: url, schema: schema), poolSize: 4, statementTimeout: Self.deadline, transactionTimeout: Self.deadline
                ))
                try await admin.withConnection { try await $0.raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
                try await admin.close()
            } catch {
                try? await admin.withConnection { try await $0.raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
                try? await admin.close()
                throw error
            }
        }
    }

    /// A migrated store, closed after `body`.
    func withMigratedStore(_ body: (SQLStore) async throws -> Void) async throws {
        try await withFreshStore { configuration in
            let store = try SQLStore.open(configuration, logger: Self.logger)
            do {
                try await Migrator(store: store, logger: Self.logger).migrate()
                try await body(store)
                try await store.close()
            } catch {
                try? await store.close()
                throw error
            }
        }
    }
}
