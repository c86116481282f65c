import Hummingbird
import PforteStore

/// Turns an error thrown further down into the response the client will get, so that
/// middlewares above (request id, access log, security headers) can still decorate it.
enum ErrorResponse {
    static func catching(
        _ request: Request, _ context: PforteRequestContext, _ body: () async throws -> Response
    ) async throws -> Response {
        do {
            return try await body()
        } catch let error as any HTTPResponseError {
            return try error.response(from: request, context: context)
        } catch let error as StoreError where error.isOutage {
            return StoreOutageResponse.make(error, context: context)
        } catch is CancellationError {
            context.logger.notice("request cancelled: shutdown grace period over")
            return Response(status: .serviceUnavailable)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return Response(status: .internalServerError)
        }
    }
}
