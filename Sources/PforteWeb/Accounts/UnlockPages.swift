import Hummingbird
import PforteAccounts

/// `/unlock`: the link mailed when an account reached its ceiling of failed attempts (issue
/// #18). Opening it only shows a button, so mail scanners that fetch links unlock nothing.
struct UnlockPages: Sendable {
    let dependencies: AccountPageDependencies
    private var pages: Pages { dependencies.pages }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get(.init(AccountLinkPath.unlock)) { request, _ in
            let token = request.uri.queryParameters["token"].map(String.init) ?? ""
            guard try await dependencies.services.unlock.isValid(token: token) else { throw PageFailure.invalidLink }
            return pages.render("unlock", request, values: ["token": token])
        }
        router.post(.init(AccountLinkPath.unlock)) { request, context in
            let form = try await pages.form(request)
            do {
                try await dependencies.services.unlock.unlock(token: form["token"])
            } catch let error as AccountError where error.code == .invalidLink {
                throw PageFailure.invalidLink
            }
            context.logger.notice("account unlocked by its owner's link")
            return pages.message(request, page: "unlocked", heading: "unlocked.title", paragraphs: ["unlocked.text"],
                                 link: (href: "/login", text: "unlocked.link"))
        }
    }
}
