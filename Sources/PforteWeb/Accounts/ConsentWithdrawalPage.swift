import Hummingbird
import PforteAccounts

/// `POST /account/consents/withdraw`: the account page's button next to each granted consent.
/// The client then has to ask again, and loses the tokens it holds (``GrantedConsents``); a SAML
/// SP (`protocol=saml`, its entityID as `client_id`) asks again at the next login.
struct ConsentWithdrawalPage: Sendable {
    let dependencies: AccountPageDependencies
    let consents: GrantedConsents
    let samlConsents: SAMLGrantedConsents

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.post("/account/consents/withdraw") { request, context in
            let form = try await dependencies.pages.form(request)
            return try await dependencies.signedIn(context) { session in
                let clientID = form["client_id"]
                let accountID = session.accountID.description
                let withdrawn = form.optional("protocol") == "saml"
                    ? try await samlConsents.withdraw(accountID: accountID, entityID: clientID)
                    : try await consents.withdraw(accountID: accountID, clientID: clientID)
                if withdrawn {
                    context.logger.info("consent withdrawn", metadata: ["client_id": "\(clientID)"])
                }
                return dependencies.pages.redirect("/account?done=consent")
            }
        }
    }
}
