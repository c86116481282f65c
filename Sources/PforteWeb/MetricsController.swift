import Hummingbird
import Prometheus

/// `GET /metrics` in the Prometheus text exposition format (version 0.0.4): request counts and
/// latency histograms per route, recorded by Hummingbird's `MetricsMiddleware`.
///
/// The endpoint is served on the same listener as the application; operators who publish
/// Pforte to the internet block `/metrics` at the proxy (see docs/operations.md).
struct MetricsController: Sendable {
    let registry: PrometheusCollectorRegistry

    func register(on router: Router<PforteRequestContext>) {
        router.get("/metrics") { _, _ in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(16 * 1024)
            registry.emit(into: &buffer)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: buffer))
            )
        }
    }
}
