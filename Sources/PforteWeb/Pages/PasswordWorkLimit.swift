import Foundation

/// Bounds how many requests run password work (Argon2id, 40–120 ms of one core each) at once.
///
/// The account services hash synchronously on the calling task. Unbounded, a burst of logins
/// would occupy every thread of Swift's cooperative pool and stall all other requests, health
/// checks included; bounded below the core count, one core stays free and the excess waits its
/// turn in order.
actor PasswordWorkLimit {
    private var available: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(concurrentTasks: Int) {
        available = max(1, concurrentTasks)
    }

    /// One fewer than the cores, at least one.
    static func forThisMachine() -> PasswordWorkLimit {
        PasswordWorkLimit(concurrentTasks: ProcessInfo.processInfo.activeProcessorCount - 1)
    }

    nonisolated func run<Result: Sendable>(_ work: @Sendable () async throws -> Result) async throws -> Result {
        await acquire()
        do {
            let result = try await work()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }

    private func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            available += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
