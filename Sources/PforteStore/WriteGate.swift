/// Lets one write transaction at a time into SQLite from this process.
///
/// SQLite has a single writer. A second writer waits for the lock inside SQLite
/// (`busy_timeout`), blocking one of the few threads of NIO's thread pool; with enough waiting
/// writers, the writer holding the lock finds no thread to run its `COMMIT` on, and everything
/// stalls until the busy timeout fails them all. Queueing writers here, without a thread, keeps
/// the pool free. Other processes on the same file (`pforte migrate`) still meet the
/// busy timeout, which is then harmless.
actor WriteGate {
    private var isHeld = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !isHeld {
            isHeld = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            isHeld = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
