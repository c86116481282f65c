import Crypto
import Hummingbird
import HTTPTypes

/// Gives every request an id, puts it into the request's log metadata and echoes it in the
/// `X-Request-Id` response header, so an operator can follow one request from the proxy's log
/// through Pforte's.
///
/// A well-formed id from a proxy is kept; anything else is replaced, because the value ends up
/// in log lines and must not be a vector for log injection.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = PforteRequestContext

    static let header = HTTPField.Name("X-Request-Id")!

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let id = request.headers[Self.header].flatMap { Self.isWellFormed($0) ? $0 : nil } ?? Self.generate()
        context.requestID = id
        context.logger[metadataKey: "request_id"] = .string(id)
        // Hummingbird's own counter would be a second, different id on every log line.
        context.logger[metadataKey: "hb.request.id"] = nil
        var response = try await ErrorResponse.catching(request, context) { try await next(request, context) }
        response.headers[Self.header] = id
        return response
    }

    static func isWellFormed(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F
        }
    }

    static func generate() -> String {
        SymmetricKey(size: .bits128).withUnsafeBytes { bytes in
            bytes.map { String(format: "%02x", $0) }.joined()
        }
    }
}
