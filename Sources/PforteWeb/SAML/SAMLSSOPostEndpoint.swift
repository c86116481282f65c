import Hummingbird
import PforteSAML

/// `POST /saml/sso`: an AuthnRequest by HTTP-POST (SAML bindings §3.5), with an enveloped
/// signature. Posted by the SP's page, so it has no CSRF token of ours: the message's own
/// signature, its freshness and its one-time ID protect it instead.
struct SAMLSSOPostEndpoint: Sendable {
    let flow: SAMLSingleSignOn

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.post("/saml/sso") { request, context in
            let fields = await SAMLPostedFields.read(request)
            return try await flow.receive(request, context: context) { () throws(SAMLRequestError) in
                try PostBinding.decode(fields: try fields.get(), expecting: .request, limit: flow.services.policy.maximumMessageBytes)
            }
        }
    }
}

/// The fields of a SAML HTTP-POST, read without the CSRF check of our own forms.
enum SAMLPostedFields {
    static func read(_ request: Request) async -> Result<[String: String], SAMLRequestError> {
        do {
            let form = try await SubmittedForm.read(request)
            var fields: [String: String] = [:]
            for name in ["SAMLRequest", "SAMLResponse", "RelayState"] {
                fields[name] = form.optional(name)
            }
            return .success(fields)
        } catch FormParsingError.tooLarge {
            return .failure(SAMLRequestError(.tooLarge, "form body"))
        } catch {
            return .failure(SAMLRequestError(.malformed, "form: \(error)"))
        }
    }
}
