import Foundation
import Hummingbird

/// One log line per request, written when the response is ready: method, route, status and
/// duration. The query string is left out: it can carry codes, tokens and SAML messages.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = PforteRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await ErrorResponse.catching(request, context) { try await next(request, context) }
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "path": .string(request.uri.path),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .string(String(format: "%.2f", milliseconds)),
            ]
        )
        return response
    }
}
