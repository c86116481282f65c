import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// Keeps the node's relying parties current (issue #21): reads the store's registry version
/// every `interval` and rebuilds the set when it moved, and re-reads the `metadata/` files on
/// SIGHUP.
struct RelyingPartyRefreshService: Service {
    let registry: RelyingPartyRegistry
    let interval: Duration
    let logger: Logger
    let now: @Sendable () -> Date

    func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await poll() }
            group.addTask { await rereadFilesOnHangup() }
        }
    }

    private func poll() async {
        await PeriodicJob.run(every: interval, logger: logger, failure: "relying parties not reloaded") {
            try await registry.reload(now: now())
        }
    }

    private func rereadFilesOnHangup() async {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in hangups {
                do {
                    try await registry.rereadFiles(now: now())
                    logger.notice("metadata files re-read")
                } catch {
                    logger.error("metadata files not re-read; the previous ones stay", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
