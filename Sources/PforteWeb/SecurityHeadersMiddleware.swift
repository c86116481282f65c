import Hummingbird
import HTTPTypes

/// Baseline security headers on every response. Pages that need more (scripts, forms) set their
/// own `Content-Security-Policy`; this one is the strictest default, so an endpoint that forgets
/// cannot be framed or load anything.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = PforteRequestContext

    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!

    /// Under TLS (a https public URL) browsers are told to stay on https.
    let strictTransportSecurity: Bool

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        // `same-origin`, not `no-referrer`: under `no-referrer` browsers send `Origin: null` on
        // our own form posts, which the CSRF check must refuse. Other sites still get no
        // referrer, so tokens in our URLs (reset links) never leave.
        response.headers[Self.referrerPolicy] = "same-origin"
        if response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-store"
        }
        if strictTransportSecurity {
            response.headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains"
        }
        return response
    }
}
