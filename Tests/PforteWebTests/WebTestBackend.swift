import Foundation
import Logging
import PforteStore
import SQLKit
import Testing

/// The store a router test runs on: the configuration's SQLite file, or a fresh schema in the
/// throwaway PostgreSQL cluster of `scripts/test-postgres` (`PFORTE_TEST_POSTGRES_URL`), so
/// that session rules are proven on both backends as the store suites do.
enum WebTestBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    static let postgresURL = ProcessInfo.processInfo.environment["PFORTE_TEST_POSTGRES_URL"]

    /// PostgreSQL runs whenever its URL is given, and CI must give it.
    static var all: [WebTestBackend] {
        if postgresURL != nil || ProcessInfo.processInfo.environment["CI"] != nil { return allCases }
        return [.sqlite]
    }

    /// Runs `body` with an open store, closed (and its PostgreSQL schema dropped) afterwards.
    func withStore(_ sqlite: StoreConfiguration, logger: Logger, _ body: (SQLStore) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            try await Self.run(try SQLStore.open(sqlite, logger: logger), body)
        case .postgres:
            let url = try #require(Self.postgresURL, "PFORTE_TEST_POSTGRES_URL is not set: run under scripts/test-postgres")
            let schema = "web_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let admin = try SQLStore.open(StoreConfiguration(backend: .postgres(url: url), poolSize: 1), logger: logger)
            try await admin.withConnection { try await $0.raw("CREATE SCHEMA \(ident: schema)").run() }
            do {
                try await Self.run(try SQLStore.open(StoreConfiguration(backend: .postgres(url: url, schema: schema), poolSize: 4),
                                                     logger: logger), body)
            } catch {
                try? await admin.withConnection { try await $0.raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
                try? await admin.close()
                throw error
            }
            try await admin.withConnection { try await $0.raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
            try await admin.close()
        }
    }

    private static func run(_ store: SQLStore, _ body: (SQLStore) async throws -> Void) async throws {
        do {
            try await body(store)
            try await store.close()
        } catch {
            try? await store.close()
            throw error
        }
    }
}
