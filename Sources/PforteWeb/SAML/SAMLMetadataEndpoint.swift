import Foundation
import Hummingbird
import PforteSAML

/// `GET /saml/metadata`: the IdP's signed metadata, also its entityID (design §7). Signed per
/// request so its `validUntil` always lies a week ahead; SPs may cache it for five minutes.
struct SAMLMetadataEndpoint: Sendable {
    let identityProvider: IdentityProvider
    let now: @Sendable () -> Date

    func register(on router: Router<PforteRequestContext>) {
        router.get("/saml/metadata") { _, _ in
            let metadata = try identityProvider.metadata(now: now())
            return Response(
                status: .ok,
                headers: [.contentType: "application/samlmetadata+xml", .cacheControl: "public, max-age=300"],
                body: .init(byteBuffer: ByteBuffer(bytes: metadata))
            )
        }
    }
}
