import Hummingbird
import PforteAccounts

/// What a session from another Land may do on the account pages (issue #19, "Users who come from
/// another Land"). Its Land owns the account's data and secrets: what it asserted is shown as
/// it came, and the Land is where name, address, e-mail address and password change. Pforte
/// holds only what hangs on the federated account (sessions, consents, login history), which
/// the citizen may see and delete — without a password they never had here.
///
/// Pages for local accounts only answer a federated session with a page that says so and
/// points back to the account, never with a form that cannot work.
extension AccountPageDependencies {
    /// Runs `body` for a signed-in user of a local account; a federated session gets
    /// ``Pages/federatedRefusal(_:)``, anyone else the login page.
    func localAccount(_ context: PforteRequestContext, _ request: Request,
                      _ body: (AuthenticatedSession) async throws -> Response) async throws -> Response {
        try await signedIn(context) { session in
            guard !session.isFederated else {
                context.logger.info("account page refused to a session from another Land", metadata: ["path": "\(request.uri.path)"])
                return pages.federatedRefusal(request)
            }
            return try await body(session)
        }
    }
}

extension Pages {
    /// The page that says the step is one for the citizen's own Land.
    func federatedRefusal(_ request: Request) -> Response {
        message(request, page: "federated-refused", status: .forbidden, heading: "federated.refused.title",
                paragraphs: ["federated.refused.text"], link: (href: "/account", text: "common.back"))
    }
}
