import Hummingbird
import PforteSAML
import PforteStore

extension SAMLSingleSignOn {
    /// Runs `body` for an AuthnRequest whose issuer and ACS are verified; when the store fails
    /// meanwhile, the SP gets a signed Response with status `Responder` (SAML core §3.2.2.2: the
    /// IdP, not the request, is at fault) at its ACS, as for the other statuses, instead of the
    /// user a 503 page that leaves the SP waiting. Without the SP (metadata gone since) the 503
    /// page stays.
    func answeringOutage(_ validated: ValidatedAuthnRequest, context: PforteRequestContext, _ request: Request,
                         _ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as StoreError where error.isOutage {
            guard let provider = services.serviceProvider(validated.serviceProvider) else { throw error }
            context.logger.error("saml authn request failed: store unavailable", metadata: [
                "sp": "\(provider.entityID)", "request_id": "\(validated.id)", "error": "\(error.detail)",
            ])
            let form = try services.identityProvider.response(
                to: validated, for: provider, status: .responder, authentication: nil, policy: services.policy, now: services.now()
            )
            return services.postForms.render(form, request)
        }
    }
}
