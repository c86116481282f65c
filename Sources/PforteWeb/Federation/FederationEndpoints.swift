import Foundation
import Hummingbird
import PforteFederation
import PforteSAML

/// `GET /federation/metadata`: the signed metadata of our SP role, also its entityID.
struct FederationMetadataEndpoint: Sendable {
    let serviceProvider: FederationServiceProvider
    let now: @Sendable () -> Date

    func register(on router: Router<PforteRequestContext>) {
        router.get("/federation/metadata") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/samlmetadata+xml", .cacheControl: "public, max-age=300"],
                body: .init(byteBuffer: ByteBuffer(bytes: try serviceProvider.metadata(now: now())))
            )
        }
    }
}

/// `GET /federation/lands`: the list of Länder to log in with ("Mit anderem Servicekonto
/// anmelden"), filtered by a plain GET form (`q`) so it is searchable without JavaScript;
/// each Land is a button of a POST form to `/federation/start`, keyboard usable in order.
/// `POST /federation/start` sends the browser to the chosen Land.
struct FederationLandsPage: Sendable {
    let flow: FederationFlow
    private var services: FederationServices { flow.services }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/federation/lands") { request, _ in
            let parameters = request.uri.queryParameters
            let target = FederationTarget(continueHandle: parameters["continue"].map(String.init), samlHandle: parameters["saml"].map(String.init))
            guard let target, let portal = try await flow.portal(target, request) else { throw PageFailure.invalidLink }
            let query = String(parameters["q"] ?? "").trimmingCharacters(in: .whitespaces)
            let lands = services.lands.filter { land in
                query.isEmpty || [land.displayName, land.label].contains { $0.localizedCaseInsensitiveContains(query) }
            }
            let texts = services.pages.texts(request)
            var values: [String: Any] = [
                "intro": texts.format("federation.lands.intro", ["portal": portal.name]),
                "query": query,
                "lands": lands.map { ["id": $0.entityID, "name": $0.displayName, "label": $0.label] },
                "empty": lands.isEmpty,
            ]
            switch target {
            case .oidc(let handle): values["continueHandle"] = handle
            case .saml(let handle): values["samlHandle"] = handle
            }
            var response = services.pages.render("federation-lands", request, values: values)
            // Each button's form leads (by the redirect of /federation/start) to its Land.
            for land in lands {
                response.allowFormRedirect(to: land.singleSignOnURL)
            }
            return response
        }
        router.post("/federation/start") { request, context in
            let form = try await services.pages.form(request)
            guard let target = FederationTarget(continueHandle: form.optional("continue"), samlHandle: form.optional("saml")),
                  let land = services.land(form["land"]),
                  let portal = try await flow.portal(target, request)
            else { throw PageFailure.invalidLink }
            return try await flow.send(to: land, target: target, level: portal.requiredLevel, isStepUp: false, request, context: context)
        }
    }
}

/// `POST /federation/acs`: the Land's Response (HTTP-POST binding). Posted by the Land's page,
/// so without our CSRF token or cookies: the Response's signature, InResponseTo of the parked
/// request and the one-time assertion ID protect it instead, and the browser binding is checked
/// at `GET /federation/continue`, where the validated answer continues.
struct FederationACSEndpoint: Sendable {
    let flow: FederationFlow

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.post("/federation/acs") { request, context in
            switch await SAMLPostedFields.read(request) {
            case .success(let fields): return try await flow.receive(fields, request, context: context)
            case .failure(let error): return flow.refuse(FederationError(.malformed, error.description), request, context)
            }
        }
        router.get("/federation/continue") { request, context in
            try await flow.proceed(handle: request.uri.queryParameters["handle"].map(String.init) ?? "", request, context: context)
        }
    }
}
