import Foundation
import Hummingbird
import PforteAccounts

/// `POST /eid/start`: the "Mit Online-Ausweis anmelden" button of the login page and the eID
/// buttons of the account pages (issue 6; eid.md step 1). Stores the step under a one-time
/// handle, sets the browser-binding cookie and sends the browser to the local eID-Client
/// (`http://127.0.0.1:24727/eID-Client?tcTokenURL=…`, or the `eid://` scheme that mobile
/// systems hand to the AusweisApp). A form, not a link: it works without JavaScript and its
/// CSRF token keeps other sites from starting steps in the user's name.
struct EIDStartEndpoint: Sendable {
    let flow: EIDFlow
    let authorizations: AuthorizationFlow

    /// The eID-Client's local address (TR-03124-1 §2.2).
    static let clientAddress = "127.0.0.1:24727/eID-Client"

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.post("/eid/start") { request, context in
            let form = try await flow.pages.form(request)
            let purpose = form.optional("purpose").flatMap(EIDTransaction.Purpose.init(rawValue:)) ?? .login
            var transaction = EIDTransaction(purpose: purpose, continuation: nil, accountID: nil,
                                             browserBinding: flow.transactions.newBrowserBinding())
            if purpose == .login {
                transaction.continuation = try await continuation(oidc: form.optional("continue"), saml: form.optional("saml"))
            } else {
                guard let session = context.session else { return flow.pages.redirect("/login") }
                // A card linked to another Land's account could never log in to it (issue #19).
                guard !session.isFederated else { return flow.pages.federatedRefusal(request) }
                transaction.accountID = session.accountID.description
            }
            let handle = try await flow.transactions.store(transaction, stage: .tcToken)
            let tcTokenURL = flow.url("/eid/tc-token", handle: handle).absoluteString
            let scheme = form.optional("client") == "mobile" ? "eid" : "http"
            let encoded = tcTokenURL.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? tcTokenURL
            let client = "\(scheme)://\(Self.clientAddress)?tcTokenURL=\(encoded)"
            context.logger.info("eid step started", metadata: ["purpose": "\(purpose.rawValue)"])
            var response = flow.pages.redirect(client)
            response.setCookie(flow.bindingCookie(transaction.browserBinding))
            return response
        }
    }

    /// Lets the page's eID form redirect to the local eID-Client: browsers apply the
    /// `form-action` of the page that submitted the form to the redirect it ends in.
    static func allowClientRedirects(_ response: inout Response) {
        for scheme in ["http", "eid"] {
            response.allowFormRedirect(to: "\(scheme)://\(clientAddress)")
        }
    }

    /// Where a login continues: a live OIDC request or a parked SAML request, by the same
    /// local paths the password login uses; anything else is ignored.
    private func continuation(oidc: String?, saml: String?) async throws -> String? {
        if let oidc, try await authorizations.find(oidc) != nil { return "/authorize/continue?handle=\(oidc)" }
        if let saml, SAMLServices.isHandle(saml) { return "/saml/continue?handle=\(saml)" }
        return nil
    }
}
