import Hummingbird

/// Answers a path with empty segments (`//login`, `/account//x`) or backslashes by sending the
/// browser to the plain path instead of serving the page under it.
///
/// The router ignores empty segments, so `//login` would otherwise render the login page, and
/// any link the page builds from its own address would point to another host (``LocalPath``).
/// A GET or HEAD is redirected with 308, which keeps the method, to the same site's path (a
/// single leading `/`) with the query unchanged; other methods get 404, as nothing of ours posts
/// to such a path.
struct PathNormalisationMiddleware: RouterMiddleware {
    typealias Context = PforteRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        let normalised = LocalPath.normalised(path)
        guard normalised != path else { return try await next(request, context) }
        guard request.method == .get || request.method == .head else { throw HTTPError(.notFound) }
        return Response(status: .permanentRedirect, headers: [.location: request.linkTarget])
    }
}
