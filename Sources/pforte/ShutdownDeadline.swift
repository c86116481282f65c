import Foundation
import Logging
import ServiceLifecycle

/// Ends the process when a graceful shutdown has not finished within the grace period.
///
/// The service group gives in-flight requests the grace period and then cancels them; a call
/// that ignores cancellation would still keep the process alive, and an orchestrator would
/// have to SIGKILL it. Store calls have their own deadlines, so this is the last resort: it
/// logs and exits with status 1 at the end of `server.shutdown_grace_seconds`.
struct ShutdownDeadline: Service {
    let grace: Duration
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        let grace = self.grace
        let logger = self.logger
        Task.detached {
            try? await Task.sleep(for: grace)
            logger.critical("shutdown did not finish within the grace period; exiting", metadata: ["grace": "\(grace)"])
            exit(1)
        }
    }
}
