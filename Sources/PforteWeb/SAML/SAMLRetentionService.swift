import Foundation
import Logging
import ServiceLifecycle

/// Purges SAML state that has expired — parked requests and logout rounds, participants of
/// sessions past their end, remembered request IDs past their replay window — every `interval`
/// while the server runs. Idempotent deletes, like the account retention jobs, so every node
/// may run it.
struct SAMLRetentionService: Service {
    let services: SAMLServices
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await PeriodicJob.run(every: interval, logger: logger, failure: "saml retention failed") { [services, logger] in
            let now = services.now()
            let pending = try await services.pending.purgeExpired(now: now)
            let participants = try await services.participants.purgeExpired(now: now)
            let identifiers = try await services.oneTimeIdentifiers.purgeExpired(now: now)
            logger.info("saml retention ran", metadata: [
                "pending": "\(pending)", "participants": "\(participants)", "one_time_identifiers": "\(identifiers)",
            ])
        }
    }
}
