import Foundation
import SQLKit
import Testing

@testable import PforteStore

/// Retention jobs delete in batches, each its own short transaction, so a large backlog never
/// runs into `store.transaction_timeout_seconds` (issue 16).
@Suite struct BatchedDeleteTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: StoreBackend.all)
    func everyMatchingRowIsDeletedAcrossBatchesAndNoOther(_ backend: StoreBackend) async throws {
        try await backend.withMigratedStore { store in
            let identifiers = SQLOneTimeIdentifierStore(store: store)
            for index in 0..<7 {
                _ = try await identifiers.consume("old-\(index)", namespace: "n\(index % 2)", expiresAt: now.addingTimeInterval(10), now: now)
            }
            _ = try await identifiers.consume("live", namespace: "n0", expiresAt: now.addingTimeInterval(1000), now: now)

            let deleted = try await store.deleteInBatches(
                from: SQLOneTimeIdentifierStore.table, key: ["namespace", "identifier"],
                where: expired("expires_at", atOrBefore: now.addingTimeInterval(100).unixSeconds), returning: ["identifier"], batchSize: 3
            )
            #expect(Set(try deleted.map { try $0.decode(column: "identifier", as: String.self) }) == Set((0..<7).map { "old-\($0)" }))
            let left = try await store.withConnection { database in
                try await database.select().column("identifier").from(SQLOneTimeIdentifierStore.table).all()
            }
            #expect(try left.map { try $0.decode(column: "identifier", as: String.self) } == ["live"])
        }
    }
}
