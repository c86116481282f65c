import Hummingbird
import PforteStore

/// Probes for load balancers and orchestrators.
///
/// - `GET /healthz` (readiness): 200 only when this node can really query the store, because a
///   node that cannot reach its database cannot log anyone in. The answer comes within
///   `timeout` whatever the store does: the query runs in a task of its own that the probe
///   does not wait for (``withDeadline(_:_:)``), so a frozen database is a 503, not a hung probe.
/// - `GET /livez` (liveness): 200 while the process serves HTTP; it never touches the store, so
///   an orchestrator does not restart nodes for the database's outage.
struct HealthController: Sendable {
    let store: SQLStore
    let timeout: Duration

    func register(on router: Router<PforteRequestContext>) {
        router.get("/healthz") { _, context in
            do {
                let store = self.store
                try await withDeadline(timeout) { try await store.ping() }
                return JSONResponse.make(status: .ok, ["status": "ok"])
            } catch {
                context.logger.error("health check failed: store unavailable", metadata: ["error": "\(error)"])
                return JSONResponse.make(status: .serviceUnavailable, ["status": "unavailable"])
            }
        }
        router.get("/livez") { _, _ in
            JSONResponse.make(status: .ok, ["status": "alive"])
        }
    }
}
