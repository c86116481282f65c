import PforteStore

/// Runs `operation`, failing with ``StoreError/Code/timedOut`` if it has not finished after
/// `duration`; the operation is cancelled then.
func withTimeout<T: Sendable>(_ duration: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: duration)
            throw StoreError(.timedOut, "no answer within \(duration)")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
