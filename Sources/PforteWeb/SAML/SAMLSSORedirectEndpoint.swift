import Hummingbird
import PforteSAML

/// `GET /saml/sso`: an AuthnRequest by HTTP-Redirect (SAML bindings §3.4), its signature
/// checked over the raw query string.
struct SAMLSSORedirectEndpoint: Sendable {
    let flow: SAMLSingleSignOn

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/saml/sso") { request, context in
            try await flow.receive(request, context: context) { () throws(SAMLRequestError) in
                try RedirectBinding.decode(
                    rawQuery: request.uri.query ?? "", expecting: .request, limit: flow.services.policy.maximumMessageBytes
                )
            }
        }
    }
}
