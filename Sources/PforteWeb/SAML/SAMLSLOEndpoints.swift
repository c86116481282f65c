import Hummingbird
import PforteSAML

/// `GET /saml/slo`: LogoutRequests and LogoutResponses by HTTP-Redirect.
struct SAMLSLORedirectEndpoint: Sendable {
    let flow: SAMLSingleLogout

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/saml/slo") { request, context in
            let query = request.uri.query ?? ""
            let isResponse = request.uri.queryParameters["SAMLResponse"] != nil
            return try await flow.receive(request, context: context, decode: { (parameter) throws(SAMLRequestError) in
                try RedirectBinding.decode(rawQuery: query, expecting: parameter, limit: flow.services.policy.maximumMessageBytes)
            }, isResponse: isResponse)
        }
        router.get("/saml/logout-refused") { request, context in
            flow.refusedPage(request, context: context)
        }
    }
}

/// `POST /saml/slo`: LogoutRequests and LogoutResponses by HTTP-POST. Like SSO by POST, it has
/// no CSRF token of ours: every logout message must be signed by the SP.
struct SAMLSLOPostEndpoint: Sendable {
    let flow: SAMLSingleLogout

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.post("/saml/slo") { request, context in
            let fields = await SAMLPostedFields.read(request)
            let isResponse = (try? fields.get())?["SAMLResponse"] != nil
            return try await flow.receive(request, context: context, decode: { (parameter) throws(SAMLRequestError) in
                try PostBinding.decode(fields: try fields.get(), expecting: parameter, limit: flow.services.policy.maximumMessageBytes)
            }, isResponse: isResponse)
        }
    }
}
