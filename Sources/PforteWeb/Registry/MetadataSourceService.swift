import AsyncHTTPClient
import Foundation
import Logging
import PforteStore
import Prometheus
import ServiceLifecycle

/// Runs the due refreshes of the metadata sources on every node; the lease in the store makes
/// sure one node fetches a source at a time. Every node also publishes the sources' state as
/// metrics, read from the store, so any node's `/metrics` tells.
struct MetadataSourceService: Service {
    let sources: any MetadataSourceStore
    let refresh: MetadataSourceRefresh
    let registry: RelyingPartyRegistry
    let metrics: PrometheusCollectorRegistry
    let interval: Duration
    let logger: Logger
    let now: @Sendable () -> Date
    /// Names this node in the lease.
    let holder = UUID().uuidString

    /// How long a node may take for one fetch before another may try.
    static let lease: TimeInterval = 120

    func run() async throws {
        await PeriodicJob.run(every: interval, logger: logger, failure: "metadata sources not refreshed") {
            let start = now()
            var changed = false
            for source in try await sources.claimDue(holder: holder, now: start, leaseEnd: start.addingTimeInterval(Self.lease)) {
                let (updated, document) = await refresh.run(source, now: now())
                if let document {
                    try await sources.recordSuccess(updated, document: document, holder: holder)
                    changed = true
                } else {
                    try await sources.recordFailure(updated, holder: holder)
                }
            }
            if changed { try await registry.reload(now: now()) }
            publish(try await sources.list())
        }
    }

    private func publish(_ list: [MetadataSourceRecord]) {
        func gauge(_ name: String, unit: String, _ help: String, _ source: MetadataSourceRecord) -> Gauge {
            metrics.makeGauge(descriptor: MetricNameDescriptor(
                namespace: "pforte", subsystem: "metadata_source", metricName: name, unitName: unit, helpText: help
            ), labels: [("url", source.url)])
        }
        for source in list {
            gauge("last_success", unit: "seconds", "When the source was last fetched and verified (Unix time); 0: never.", source)
                .set(Int64(source.lastSuccessAt?.timeIntervalSince1970 ?? 0))
            gauge("entities", unit: "count", "Usable entities in the source's last good copy.", source)
                .set(Int64(source.entities))
            gauge("valid_until", unit: "seconds", "validUntil of the last good copy (Unix time): after it the copy is no longer used.", source)
                .set(Int64(source.validUntil?.timeIntervalSince1970 ?? 0))
        }
    }
}
