import Foundation
import Testing

@testable import PforteStore

/// SQLite is for one node: a second server on the same file is refused.
@Suite struct SQLiteLockFileTests {
    @Test func aSecondExclusiveStoreOnOneFileIsRefusedUntilTheFirstCloses() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pforte-lock-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = StoreConfiguration(backend: .sqlite(path: directory.appendingPathComponent("pforte.sqlite").path), exclusive: true)
        let first = try SQLStore.open(configuration, logger: StoreBackend.logger)
        try await first.ping()
        let error = #expect(throws: StoreError.self) { try SQLStore.open(configuration, logger: StoreBackend.logger) }
        #expect(error?.code == .locked)
        #expect(error?.detail.contains("another Pforte process serves the SQLite database") == true)
        var shared = configuration
        shared.exclusive = false
        let command = try SQLStore.open(shared, logger: StoreBackend.logger)
        try await command.ping()
        try await command.close()
        try await first.close()
        let second = try SQLStore.open(configuration, logger: StoreBackend.logger)
        try await second.close()
    }
}

/// ``withDeadline(_:_:)`` answers in time even when the operation never does.
@Suite struct DeadlineTests {
    @Test func anOperationThatIgnoresCancellationDoesNotHoldTheCaller() async throws {
        let gate = Gate()
        // Returning at all proves it: the operation ends only when the gate opens, below.
        let error = await #expect(throws: StoreError.self) {
            try await withDeadline(.milliseconds(200)) {
                // Ignores cancellation, like a statement written to a dead connection.
                await gate.passed()
            }
        }
        #expect(error?.code == .timedOut)
        gate.open()
    }

    @Test func aFastOperationReturnsItsResult() async throws {
        #expect(try await withDeadline(.seconds(5)) { 42 } == 42)
    }
}
