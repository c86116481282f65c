import PforteStore
import ServiceLifecycle

/// Closes the store's connections after the HTTP server has finished its in-flight requests.
///
/// Hummingbird shuts its services down in reverse order of start, and the server starts last,
/// so by the time this service sees graceful shutdown no request is using the store any more.
struct StoreService: Service {
    let store: SQLStore

    func run() async throws {
        try? await gracefulShutdown()
        try await store.close()
    }
}
