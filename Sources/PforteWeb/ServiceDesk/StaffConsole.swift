import Hummingbird
import PforteAccounts
import PforteStore

/// What the service desk's console pages (issue #22) share: the page tools, the services, the
/// back channel that tells OIDC portals of ended sessions, and the console's own session cookie —
/// apart from the citizens' session cookie, so that a console login is never a login at any
/// citizen's portal, and `SameSite=Strict`, as no other site ever links into the console.
struct StaffConsole: Sendable {
    let pages: Pages
    let services: AccountServices
    let backChannel: BackChannelLogout

    var cookieName: String { pages.cookies.staffSessionCookieName }

    func sessionCookie(_ sessionID: String) -> Cookie {
        pages.cookies.strictCookie(name: cookieName, value: sessionID, maxAge: Int(StaffService.absoluteLifetime))
    }

    /// The console session of the request and its id, if the cookie names a live one.
    func session(_ request: Request) async throws -> (id: String, session: StaffSession)? {
        guard let id = request.cookies[cookieName]?.value, !id.isEmpty,
              let session = try await services.staff.resume(sessionID: id)
        else { return nil }
        return (id, session)
    }

    /// Runs `body` for a member logged in with both factors; anyone else goes to the login.
    func signedIn(_ request: Request, _ body: (StaffSession) async throws -> Response) async throws -> Response {
        guard let (_, session) = try await session(request), session.stage == .complete else {
            return pages.redirect("/staff")
        }
        return try await body(session)
    }

    /// Renders a console page with the navigation's values.
    func render(_ template: String, _ request: Request, _ session: StaffSession, status: HTTPResponse.Status = .ok,
                values: [String: Any] = [:]) -> Response {
        var values = values
        values["staffEmail"] = session.staff.email
        values["isAdmin"] = session.staff.role == .admin
        values["staffRole"] = pages.texts(request)["staff.role.\(session.staff.role.rawValue)"]
        var response = pages.render(template, request, status: status, values: values)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// A refusal by the role or the account's state, as a page.
    func refused(_ request: Request, _ session: StaffSession, _ code: AccountError.Code, query: String = "") -> Response {
        let texts = pages.texts(request)
        let (key, status): (String, HTTPResponse.Status) = switch code {
        case .accountNotFound: ("staff.error.notFound", .notFound)
        case .notPermitted: ("staff.error.notPermitted", .forbidden)
        default: ("staff.error.generic", .badRequest)
        }
        return render("staff-account", request, session, status: status, values: ["error": texts[key], "query": query])
    }
}
