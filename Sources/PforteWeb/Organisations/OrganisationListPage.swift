import Hummingbird
import PforteAccounts

/// `/organisations`: the organisations the signed-in account belongs to, with its role, and
/// the way to create one (seed 001 3 b: "Organisationskonto anlegen").
struct OrganisationListPage: Sendable {
    let dependencies: AccountPageDependencies
    private var pages: Pages { dependencies.pages }

    /// Notices other pages ask for after redirecting here (`?done=`), by catalogue key.
    private static let notices = ["left": "organisations.notice.left", "deleted": "organisations.notice.deleted",
                                  "accepted": "organisations.notice.accepted"]

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/organisations") { request, context in
            try await dependencies.localAccount(context, request) { session in
                let texts = pages.texts(request)
                let organisations = try await dependencies.services.organisations.list(session: session)
                let waiting = try await dependencies.services.organisations.awaitingConfirmation(session: session)
                var values: [String: Any] = [
                    "organisations": organisations.map {
                        ["id": $0.id.description, "name": $0.name, "role": texts["organisation.role.\($0.role.rawValue)"]]
                    },
                    "hasOrganisations": !organisations.isEmpty,
                    "waiting": waiting,
                    "hasWaiting": !waiting.isEmpty,
                    "belongsNowhere": organisations.isEmpty && waiting.isEmpty,
                ]
                if let done = request.uri.queryParameters["done"], let key = Self.notices[String(done)] {
                    values["notice"] = texts[key]
                }
                return pages.render("organisations", request, values: values)
            }
        }
    }
}
