import Foundation
import Hummingbird

/// `POST /saml/acting`: the answer to "in whose name do you act" for a parked AuthnRequest of
/// an SP that receives organisation attributes. The chosen party is parked with the request,
/// which then continues to its Response.
struct SAMLActingEndpoint: Sendable {
    let flow: SAMLSingleSignOn

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.post("/saml/acting") { request, context in
            let services = flow.services
            let form = try await services.pages.form(request)
            let handle = form["handle"]
            var (parked, provider) = try await flow.pendingRequest(handle)
            guard let session = context.session else { return services.pages.redirect("/login?saml=\(handle)") }
            switch try await services.acting.answer(form, request, session: session, target: flow.actingTarget(handle, provider, request)) {
            case .page(let page):
                return page
            case .chosen(let party):
                parked.act(as: party)
                _ = try await services.pending.update(handleDigest: services.digest(of: handle), payload: JSONEncoder().encode(parked), now: services.now())
                context.logger.info("acting party chosen", metadata: ["sp": "\(provider.entityID)", "organisation": "\(party != .person)"])
                return try await flow.proceed(handle: handle, request, context: context)
            }
        }
    }
}
