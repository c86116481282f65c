import Hummingbird
import PforteAccounts

/// `POST /account/consents/withdraw`: the account page's button next to each granted consent.
/// The client then has to ask again, and loses the tokens it holds (``GrantedConsents``).
struct ConsentWithdrawalPage: Sendable {
    let dependencies: AccountPageDependencies
    let consents: GrantedConsents

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.post("/account/consents/withdraw") { request, context in
            let form = try await dependencies.pages.form(request)
            return try await dependencies.signedIn(context) { session in
                let clientID = form["client_id"]
                if try await consents.withdraw(accountID: session.accountID.description, clientID: clientID) {
                    context.logger.info("consent withdrawn", metadata: ["client_id": "\(clientID)"])
                }
                return dependencies.pages.redirect("/account?done=consent")
            }
        }
    }
}
