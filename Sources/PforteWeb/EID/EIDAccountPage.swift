import Hummingbird
import PforteAccounts

/// `/account/eid`: Servicekonto Plus on the account (issue 6). An account not yet verified can
/// start the upgrade; a verified one can sync its locked fields with the card and switch its
/// card login off ("Online-Ausweisfunktion deaktivieren"; a sync switches it on again). The
/// buttons post to ``EIDStartEndpoint`` and `/eid/deactivate`.
struct EIDAccountPage: Sendable {
    let dependencies: AccountPageDependencies
    private var pages: Pages { dependencies.pages }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/account/eid") { request, context in
            try await dependencies.localAccount(context, request) { session in
                let profile = try await dependencies.services.profiles.profile(of: session)
                let linked = try await dependencies.services.eID.isLinked(session)
                let texts = pages.texts(request)
                var values: [String: Any] = ["verified": profile.isEIDVerified, "linked": linked]
                switch request.uri.queryParameters["done"] {
                case "sync": values["notice"] = texts["eid.account.synced"]
                case "deactivated": values["notice"] = texts["eid.account.deactivated"]
                default: break
                }
                var response = pages.render("eid-account", request, values: values)
                EIDStartEndpoint.allowClientRedirects(&response)
                return response
            }
        }
        router.post("/eid/deactivate") { request, context in
            _ = try await pages.form(request)
            return try await dependencies.localAccount(context, request) { session in
                try await dependencies.services.eID.deactivate(session)
                context.logger.info("eid function deactivated")
                return pages.redirect("/account/eid?done=deactivated")
            }
        }
    }
}
