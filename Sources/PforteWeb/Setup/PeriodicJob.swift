import Logging
import ServiceLifecycle

/// The loop of the retention services: runs `body` every `interval` until graceful shutdown;
/// a failed run is logged as `failure` and retried at the next interval.
enum PeriodicJob {
    static func run(every interval: Duration, logger: Logger, failure: Logger.Message,
                    _ body: @escaping @Sendable () async throws -> Void) async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await body()
                } catch is CancellationError {
                    return
                } catch {
                    logger.error(failure, metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
