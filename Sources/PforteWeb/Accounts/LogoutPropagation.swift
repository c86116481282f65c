import Hummingbird

/// What a logout at Pforte hands the ended session to, so that relying parties taking part in
/// it are logged out too (design §4). Returns the browser's next step, or `nil` when there is
/// nobody to notify and the logged-out page follows directly.
protocol LogoutPropagation: Sendable {
    func propagate(sessionReference: String, _ request: Request) async throws -> Response?
}
