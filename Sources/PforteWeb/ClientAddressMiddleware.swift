import HTTPTypes
import Hummingbird

/// Sets `context.clientAddress` from `X-Forwarded-For` when Pforte runs behind reverse proxies
/// (`server.trusted_proxy_hops`).
///
/// Each trusted proxy appends the address it received the request from, so the n-th entry from
/// the right is the one the outermost trusted proxy saw; entries further left are whatever the
/// client chose to send and are ignored. With too few entries the request did not pass through
/// all the proxies it should have, and the peer's own address is kept.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = PforteRequestContext

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    let trustedProxyHops: Int

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard trustedProxyHops > 0 else { return try await next(request, context) }
        var context = context
        if let address = Self.clientAddress(forwardedFor: request.headers[values: Self.forwardedFor], hops: trustedProxyHops) {
            context.clientAddress = address
        }
        return try await next(request, context)
    }

    static func clientAddress(forwardedFor headers: [String], hops: Int) -> String? {
        let entries = headers.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        guard entries.count >= hops else { return nil }
        let address = entries[entries.count - hops]
        return address.isEmpty ? nil : address
    }
}
