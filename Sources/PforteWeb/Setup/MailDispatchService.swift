import Foundation
import Logging
import PforteAccounts
import PforteStore
import Prometheus
import ServiceLifecycle

/// The background sender of the durable outbox, run by every node (issue #18): requests only
/// queue mail, this delivers it, retries what the relay did not take and reports the queue.
///
/// It polls every second, so a message queued on this node waits at most that long; one whose
/// node died is taken over after ``MailDispatcher``'s handover time. An empty poll is one
/// indexed `UPDATE` that matches nothing. Counting the queue for the metrics reads every row's
/// state, so it runs in a loop of its own, less often.
struct MailDispatchService: Service {
    static let pollInterval: Duration = .seconds(1)
    static let statisticsInterval: Duration = .seconds(15)

    let dispatcher: MailDispatcher
    let metrics: MailQueueMetrics
    let logger: Logger
    let now: @Sendable () -> Date

    func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { [dispatcher, metrics, logger] in
                await PeriodicJob.run(every: Self.pollInterval, logger: logger, failure: "mail delivery failed") {
                    let report = try await dispatcher.deliverDue()
                    metrics.record(report)
                    for failure in report.failures {
                        logger.warning("mail not delivered", metadata: ["failure": "\(failure)"])
                    }
                    if report.sent > 0 || report.givenUp > 0 {
                        logger.info("mail delivered", metadata: [
                            "sent": "\(report.sent)", "deferred": "\(report.deferred)", "given_up": "\(report.givenUp)",
                        ])
                    }
                }
            }
            group.addTask { [dispatcher, metrics, logger, now] in
                await PeriodicJob.run(every: Self.statisticsInterval, logger: logger, failure: "mail queue statistics failed") {
                    metrics.record(try await dispatcher.statistics(), now: now())
                }
            }
        }
    }
}

/// The outbox's metrics on `/metrics`: what was sent, deferred and given up since start, and
/// the queue as the store holds it — the oldest queued message's age is the one to alert on.
struct MailQueueMetrics: Sendable {
    private let sent: Counter
    private let deferred: Counter
    private let givenUp: Counter
    private let queued: Gauge
    private let failed: Gauge
    private let oldestQueuedAge: Gauge

    init(registry: PrometheusCollectorRegistry) {
        func name(_ metric: String, unit: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "pforte", subsystem: "mail", metricName: metric, unitName: unit, helpText: help)
        }
        sent = registry.makeCounter(descriptor: name("sent", unit: "total", "Messages the transport accepted."))
        deferred = registry.makeCounter(descriptor: name("deferred", unit: "total", "Failed attempts that will be retried."))
        givenUp = registry.makeCounter(descriptor: name("given_up", unit: "total", "Messages marked failed."))
        queued = registry.makeGauge(descriptor: name("queued", unit: "messages", "Messages waiting to be sent."))
        failed = registry.makeGauge(descriptor: name("failed", unit: "messages", "Messages given up and kept for a retry by the operator."))
        oldestQueuedAge = registry.makeGauge(descriptor: name(
            "oldest_queued_age", unit: "seconds", "How long the oldest waiting message has waited; 0 when none waits."
        ))
    }

    func record(_ report: MailDispatcher.Report) {
        sent.increment(by: Int64(report.sent))
        deferred.increment(by: Int64(report.deferred))
        givenUp.increment(by: Int64(report.givenUp))
    }

    func record(_ statistics: MailQueueStatistics, now: Date) {
        queued.set(Int64(statistics.queued))
        failed.set(Int64(statistics.failed))
        oldestQueuedAge.set(statistics.oldestQueuedAt.map { max(0, now.timeIntervalSince($0)) } ?? 0)
    }
}
