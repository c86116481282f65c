import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// Keeps the node's relying parties current (issue #21): reads the store's registry version
/// every `interval` and rebuilds the set when it moved, and on SIGHUP re-imports the
/// `metadata/` files first (into the store, so the other nodes follow).
struct RelyingPartyRefreshService: Service {
    let registry: RelyingPartyRegistry
    let files: MetadataFileSource
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
                    let changed = try await files.importFiles(into: registry.documents, now: now())
                    logger.notice("metadata files re-read", metadata: ["changed": "\(changed)"])
                    try await registry.reload(now: now())
                } catch {
                    logger.error("metadata files not re-read; the previous ones stay", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
