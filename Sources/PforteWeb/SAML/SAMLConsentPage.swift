import Foundation
import Hummingbird
import PforteSAML
import PforteStore

/// The consent page before the first release of attributes to an SP (issue 5): which SP, which
/// attributes, allow or decline. Kept apart from the OIDC consent page so that both can be
/// merged into one page over one consent store.
struct SAMLConsentPage: Sendable {
    let services: SAMLServices

    func render(handle: String, provider: ServiceProvider, _ request: Request, status: HTTPResponse.Status = .ok) -> Response {
        let texts = services.pages.texts(request)
        let attributes = AttributeProfile.all.filter { provider.settings.attributes.contains($0.friendlyName) }
        return services.pages.render("saml-consent", request, status: status, values: [
            "handle": handle,
            "serviceProvider": provider.displayName(language: UILanguage.negotiate(for: request).rawValue),
            "entityID": provider.entityID,
            "attributes": attributes.map { texts["saml.attribute.\($0.friendlyName)"] },
        ])
    }
}

/// `POST /saml/consent`: the user's decision. Allowing records the consent and continues the
/// parked request; declining answers the SP with `RequestDenied`.
struct SAMLConsentEndpoint: Sendable {
    let flow: SAMLSingleSignOn

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.post("/saml/consent") { request, context in
            let form = try await flow.services.pages.form(request)
            let handle = form["handle"]
            let (parked, provider) = try await flow.pendingRequest(handle)
            guard let session = context.session else { return flow.services.pages.redirect("/login?saml=\(handle)") }
            switch form["decision"] {
            case "allow":
                try await flow.services.consents.save(SAMLConsentRecord(
                    accountID: session.accountID.description, relyingParty: provider.entityID,
                    attributes: Set(provider.settings.attributes), grantedAt: flow.services.now()
                ))
                return try await flow.proceed(handle: handle, request, context: context)
            case "deny":
                return try await flow.answer(handle, parked.request, provider, status: .requestDenied, request, context)
            default:
                throw PageFailure.invalidForm(.invalidEncoding)
            }
        }
    }
}
