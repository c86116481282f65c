/// Lets one write transaction at a time into SQLite from this process.
///
/// SQLite has a single writer. A second writer waits for the lock inside SQLite
/// (`busy_timeout`), blocking one of the few threads of NIO's thread pool; with enough waiting
/// writers, the writer holding the lock finds no thread to run its `COMMIT` on, and everything
/// stalls until the busy timeout fails them all. Queueing writers here, without a thread, keeps
/// the pool free. Other processes on the same file (`pforte migrate`) still meet the
/// busy timeout, which is then harmless. A writer waits a bounded time, like a request for a
/// connection: a queue that does not move fails fast.
actor WriteGate {
    private var isHeld = false
    private var waiters: [(id: Int, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID = 0

    func acquire(within limit: Duration) async throws {
        if !isHeld {
            isHeld = true
            return
        }
        nextID += 1
        let id = nextID
        let timer = Task { [weak self] in
            try await Task.sleep(for: limit)
            await self?.giveUp(id, after: limit)
        }
        defer { timer.cancel() }
        try await withCheckedThrowingContinuation { waiters.append((id, $0)) }
    }

    func release() {
        if waiters.isEmpty {
            isHeld = false
        } else {
            waiters.removeFirst().continuation.resume()
        }
    }

    private func giveUp(_ id: Int, after limit: Duration) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: StoreError(.timedOut, "no turn to write within \(limit)"))
    }
}
