import Hummingbird
import PforteOIDC

/// `GET /.well-known/openid-configuration` (OIDC Discovery §4) and `GET /jwks` (the
/// `jwks_uri`): public documents, rendered once at start.
///
/// Both may be cached for five minutes: relying parties fetch them often, and a key rotation
/// publishes the `next` key long before it signs, so a cached JWKS is never missing a key in
/// use (docs/operations.md). Both are readable cross-origin, for relying parties that run in
/// the browser.
struct DiscoveryController: Sendable {
    static let cacheControl = "public, max-age=300"

    let metadata: ProviderMetadata
    let keys: PublishedKeys

    func register(on router: Router<PforteRequestContext>) {
        let discovery = ByteBuffer(bytes: metadata.jsonDocument())
        let jwks = ByteBuffer(bytes: keys.jsonDocument())
        router.get("/.well-known/openid-configuration") { _, _ in Self.document(discovery) }
        router.get("/jwks") { _, _ in Self.document(jwks) }
    }

    private static func document(_ body: ByteBuffer) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json", .cacheControl: cacheControl, .accessControlAllowOrigin: "*"],
            body: .init(byteBuffer: body)
        )
    }
}
