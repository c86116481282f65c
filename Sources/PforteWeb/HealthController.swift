import Hummingbird
import PforteStore

/// `GET /healthz` for load balancers and orchestrators: 200 only when this node can really
/// query the store, because a node that cannot reach its database cannot log anyone in.
struct HealthController: Sendable {
    let store: SQLStore
    /// A hung database must not hang the probe; the balancer would see a timeout, not a state.
    let timeout: Duration = .seconds(3)

    func register(on router: Router<PforteRequestContext>) {
        router.get("/healthz") { _, context in
            do {
                try await withTimeout(timeout) { try await store.ping() }
                return JSONResponse.make(status: .ok, ["status": "ok"])
            } catch {
                context.logger.error("health check failed: store unavailable", metadata: ["error": "\(String(reflecting: error))"])
                return JSONResponse.make(status: .serviceUnavailable, ["status": "unavailable"])
            }
        }
    }
}
