import Hummingbird
import PforteStore

/// The answer to a request that failed because the store is down or too slow
/// (``StoreError/isOutage``): 503 with `Retry-After` instead of a 500, since the request was not
/// wrong and may be retried.
///
/// Pages get their readable "try again" page from ``PageFailureMiddleware``; what reaches
/// ``ErrorResponse`` comes from machine endpoints, which get the OAuth error
/// `temporarily_unavailable` (RFC 6749 §4.1.2.1, the one error code for this state) as JSON.
enum StoreOutageResponse {
    static let retryAfterSeconds = "5"

    static func make(_ error: StoreError, context: PforteRequestContext) -> Response {
        context.logger.error("request failed: store unavailable", metadata: ["error": "\(error.detail)"])
        var response = JSONResponse.make(status: .serviceUnavailable, [
            "error": "temporarily_unavailable",
            "error_description": "the service is briefly unavailable; retry later",
        ])
        response.headers[.retryAfter] = retryAfterSeconds
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
