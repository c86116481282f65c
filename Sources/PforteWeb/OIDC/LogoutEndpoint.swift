import Foundation
import Hummingbird
import PforteAccounts
import PforteOIDC

/// `/logout`: the end of the SSO session, for the account page's button (`POST`, with CSRF)
/// and for relying parties (`GET`, OIDC RP-Initiated Logout 1.0).
///
/// A relying party's request is trusted only as far as it proves itself: an `id_token_hint`
/// must verify with Pforte's keys; a `post_logout_redirect_uri` must be registered, by exact
/// string, for the client the hint or `client_id` names — anything else gets a page, never a
/// redirect (no open redirector). Without a hint that matches the browser's session the user
/// confirms first, so a third-party page cannot log people out unnoticed (§2, §6).
struct LogoutEndpoint: Sendable {
    /// Where the user goes after a logout, once the request checked out.
    struct Destination: Sendable {
        let clientID: String?
        let postLogoutRedirectURI: String?
        let state: String?

        var location: String {
            guard let postLogoutRedirectURI else { return "/logged-out" }
            return AuthorizationResponseTarget.appending(state.map { ["state": $0] } ?? [:], to: postLogoutRedirectURI)
        }
    }

    let pages: Pages
    let clients: ClientCatalog
    let signer: TokenSigner
    let issuer: String
    /// Ends the session and tells every relying party that took part in it.
    let logout: SessionLogout

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/logout") { request, context in
            let parameters = (try? SubmittedForm(parsing: request.uri.query ?? "").values) ?? [:]
            let hint = parameters["id_token_hint"].flatMap { $0.isEmpty ? nil : $0 }
            var hintClaims: IDTokenClaims?
            if let hint {
                guard let claims = await signer.verifyIDTokenHint(hint, issuer: issuer) else {
                    context.logger.notice("logout refused", metadata: ["reason": "id_token_hint does not verify"])
                    return failurePage(request, reason: .badHint)
                }
                hintClaims = claims
            }
            let destination: Destination
            switch try await self.destination(parameters, hintAudience: hintClaims?.aud) {
            case .success(let checked): destination = checked
            case .failure(let reason):
                context.logger.notice("logout refused", metadata: ["reason": "\(reason)"])
                return failurePage(request, reason: reason)
            }
            guard let session = context.session else { return pages.redirect(destination.location) }
            guard let hintClaims, hintClaims.sid == session.sessionReference else {
                return confirmationPage(request, destination: destination)
            }
            return try await logout(request, context, destination: destination)
        }
        router.post("/logout") { request, context in
            let form = try await pages.form(request)
            let parameters = form.values.filter { ["client_id", "post_logout_redirect_uri", "state"].contains($0.key) }
            switch try await destination(parameters, hintAudience: nil) {
            case .success(let destination): return try await logout(request, context, destination: destination)
            case .failure(let reason): return failurePage(request, reason: reason)
            }
        }
        router.get("/logged-out") { request, _ in
            pages.message(request, page: "logged-out", heading: "loggedOut.title", paragraphs: ["loggedOut.text"],
                          link: (href: "/login", text: "loggedOut.link"))
        }
    }

    enum Refusal: String, Error {
        case badHint, clientMismatch, unknownClient, unregisteredRedirectURI
    }

    /// Checks the client and post-logout redirect URI of a request.
    private func destination(_ parameters: [String: String], hintAudience: String?) async throws -> Result<Destination, Refusal> {
        let named = parameters["client_id"].flatMap { $0.isEmpty ? nil : $0 }
        if let named, let hintAudience, named != hintAudience { return .failure(.clientMismatch) }
        let clientID = hintAudience ?? named
        let redirectURI = parameters["post_logout_redirect_uri"].flatMap { $0.isEmpty ? nil : $0 }
        guard let redirectURI else { return .success(Destination(clientID: clientID, postLogoutRedirectURI: nil, state: nil)) }
        guard let clientID, let client = try await clients.find(clientID: clientID)?.registration else { return .failure(.unknownClient) }
        guard client.postLogoutRedirectURIs.contains(redirectURI) else { return .failure(.unregisteredRedirectURI) }
        return .success(Destination(clientID: clientID, postLogoutRedirectURI: redirectURI,
                                    state: parameters["state"].flatMap { $0.isEmpty ? nil : $0 }))
    }

    private func logout(_ request: Request, _ context: PforteRequestContext, destination: Destination) async throws -> Response {
        var response = pages.redirect(destination.location)
        if let session = context.session {
            context.logger.info("logged out", metadata: ["client_id": "\(destination.clientID ?? "-")"])
            // The round through the browser (a federated session's Land, the SAML SPs) ends
            // where an OIDC client asked to be taken back to (its registered
            // post_logout_redirect_uri with state), else on the logged-out page.
            if let propagation = try await logout.endEverywhere(
                sessionReference: session.sessionReference, request,
                continuingAt: destination.postLogoutRedirectURI == nil ? nil : destination.location
            ) {
                response = propagation
            }
        }
        response.setCookie(pages.cookies.expired(name: pages.cookies.sessionCookieName))
        return response
    }

    private func confirmationPage(_ request: Request, destination: Destination) -> Response {
        var response = pages.render("logout", request, values: [
            "clientID": destination.clientID ?? "",
            "postLogoutRedirectURI": destination.postLogoutRedirectURI ?? "",
            "state": destination.state ?? "",
        ])
        if let uri = destination.postLogoutRedirectURI { response.allowFormRedirect(to: uri) }
        return response
    }

    private func failurePage(_ request: Request, reason: Refusal) -> Response {
        pages.message(request, page: "logout-error", status: .badRequest, heading: "logout.error.title",
                      paragraphs: ["logout.error.\(reason.rawValue)"], link: (href: "/", text: "authorize.error.link"))
    }
}
