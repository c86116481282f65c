import Foundation
import SQLKit
import Testing

@testable import PforteStore

/// Design §6: the database alone must not reveal personal data. The test passes personal data
/// wherever the stores accept it — inside fake "sealed" blobs that, unlike real ones, carry it
/// in clear — and then reads every column of every table raw: the data may show up in the blob
/// columns only, never in a column the store fills itself.
@Suite struct PersonalDataAtRestTests {
    private let now = Fixture.now
    private static let personalData = ["Mustermann", "1964-08-12", "Heidestraße 17"]
    private static let secret = "Erika Mustermann, born 1964-08-12, Heidestraße 17"
    /// The columns that hold bytes sealed by the caller.
    private static let sealedColumns: Set<String> = [
        "accounts.sealed_profile", "accounts.sealed_secret_question", "accounts.wrapped_key_password",
        "accounts.wrapped_key_answer", "accounts.wrapped_key_eid", "mail_tokens.sealed_payload", "sessions.sealed_payload",
    ]

    @Test(arguments: StoreBackend.all)
    func personalDataAppearsOnlyInSealedColumns(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            try await fillEveryTable(store)
            let cells = try await allCells(store)
            #expect(Set(cells.map(\.table)).isSuperset(of: ["accounts", "mail_tokens", "sessions", "throttle_counters"]))
            var sealedColumnsSeen: Set<String> = []
            for cell in cells where Self.personalData.contains(where: cell.text.contains) {
                #expect(Self.sealedColumns.contains(cell.column), "personal data in clear in \(cell.column)")
                sealedColumnsSeen.insert(cell.column)
            }
            // Proves the raw read sees blob contents at all.
            #expect(sealedColumnsSeen == Self.sealedColumns)
        }
    }

    private func fillEveryTable(_ store: SQLStore) async throws {
        let sealed = Fixture.sealed(Self.secret)
        try await SQLAccountStore(store: store).create(NewAccount(
            id: "a1", login: "erika.m@example.de", passwordHash: "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA",
            sealedProfile: sealed, sealedSecretQuestion: sealed,
            wrappedKeys: WrappedDataKeys(password: sealed, secretAnswer: sealed, eID: sealed), createdAt: now
        ))
        try await SQLMailTokenStore(store: store).issue(digest: Fixture.digest(), purpose: .emailChange, accountID: "a1",
                                                        sealedPayload: sealed, expiresAt: now.addingTimeInterval(3600), now: now)
        var session = Fixture.session(accountID: "a1")
        session.sealedPayload = sealed
        try await SQLSessionStore(store: store).create(session)
        try await SQLThrottleStore(store: store).settle(
            [ThrottleCounter(scope: "login.account", key: "a1", limit: ThrottleLimit(delays: [], window: nil, ceiling: 100), forgottenOnSuccess: true)],
            failed: true, now: now
        )
        _ = try await SQLOneTimeIdentifierStore(store: store).consume("_id", namespace: "saml.request", expiresAt: now, now: now)
    }

    private struct Cell {
        let table: String
        let column: String
        /// The value as text, or a blob's bytes read as UTF-8 (lossy).
        let text: String
    }

    /// Every non-null value in every table of the store's schema, read without the stores.
    private func allCells(_ store: SQLStore) async throws -> [Cell] {
        try await store.withConnection { database in
            let tableQuery: SQLQueryString = store.kind == .sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table'"
                : "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema()"
            let tables = try await database.raw(tableQuery).all().map { try $0.decode(column: "name", as: String.self) }
            var cells: [Cell] = []
            for table in tables {
                for row in try await database.raw("SELECT * FROM \(ident: table)").all() {
                    for column in row.allColumns where try !row.decodeNil(column: column) {
                        cells.append(Cell(table: table, column: "\(table).\(column)", text: try text(of: column, in: row)))
                    }
                }
            }
            return cells
        }
    }

    private func text(of column: String, in row: any SQLRow) throws -> String {
        if let text = try? row.decode(column: column, as: String.self) { return text }
        if let bytes = try? row.decode(column: column, as: Data.self) { return String(decoding: bytes, as: UTF8.self) }
        return String(try row.decode(column: column, as: Int64.self))
    }
}
