import Hummingbird
import PforteStore

/// Answers a request that failed because the store is down or too slow (``StoreError/isOutage``)
/// with 503 and `Retry-After`, instead of a 500: the request was not wrong and may be retried.
///
/// Pages get their readable "try again" page from ``PageFailureMiddleware``; what reaches this
/// outermost middleware comes from machine endpoints, which get the OAuth error
/// `temporarily_unavailable` (RFC 6749 §4.1.2.1, the one error code for this state) as JSON.
struct StoreOutageMiddleware: RouterMiddleware {
    typealias Context = PforteRequestContext

    static let retryAfterSeconds = "5"

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as StoreError where error.isOutage {
            context.logger.error("request failed: store unavailable", metadata: ["error": "\(error.detail)"])
            var response = JSONResponse.make(status: .serviceUnavailable, [
                "error": "temporarily_unavailable",
                "error_description": "the service is briefly unavailable; retry later",
            ])
            response.headers[.retryAfter] = Self.retryAfterSeconds
            response.headers[.cacheControl] = "no-store"
            return response
        }
    }
}
