import Hummingbird
import PforteAccounts
import PforteStore

/// `/staff/members` (issue #22): admins add and remove members of the service desk. A new
/// member's first password is generated and shown once; the member enrols the authenticator
/// app at the first login. An admin cannot remove themselves here.
struct StaffMembersPage: Sendable {
    let console: StaffConsole
    private var pages: Pages { console.pages }
    private var staff: StaffService { console.services.staff }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/staff/members") { request, _ in
            try await admin(request) { session in try await render(request, session) }
        }
        router.post("/staff/members/add") { request, context in
            let form = try await pages.form(request)
            return try await admin(request) { session in
                guard let role = StaffRecord.Role(rawValue: form["role"]) else { return console.refused(request, session, .notPermitted) }
                do {
                    let (member, password) = try await staff.add(email: form["email"], role: role, password: nil, by: session.actor)
                    context.logger.notice("staff member added", metadata: ["member": "\(member.email)", "staff": "\(session.staff.email)"])
                    return try await render(request, session, values: ["notice": pages.texts(request)["staff.members.added"],
                                                                       "newPassword": password])
                } catch let error as AccountError {
                    let key = switch error.code {
                    case .loginTaken: "staff.error.taken"
                    case .invalidEmail: "staff.error.email"
                    default: "staff.error.generic"
                    }
                    return try await render(request, session, status: .badRequest, values: ["error": pages.texts(request)[key]])
                }
            }
        }
        router.post("/staff/members/remove") { request, context in
            let form = try await pages.form(request)
            return try await admin(request) { session in
                guard form["email"].lowercased() != session.staff.email else { return console.refused(request, session, .notPermitted) }
                let removed = try await staff.remove(email: form["email"], by: session.actor)
                context.logger.notice("staff member removed", metadata: ["removed": "\(removed)", "staff": "\(session.staff.email)"])
                return try await render(request, session, values: ["notice": pages.texts(request)["staff.members.removed"]])
            }
        }
    }

    private func admin(_ request: Request, _ body: (StaffSession) async throws -> Response) async throws -> Response {
        try await console.signedIn(request) { session in
            guard session.staff.role == .admin else { return console.refused(request, session, .notPermitted) }
            return try await body(session)
        }
    }

    private func render(_ request: Request, _ session: StaffSession, status: HTTPResponse.Status = .ok,
                        values: [String: Any] = [:]) async throws -> Response {
        let texts = pages.texts(request)
        let format = SecurityTexts(texts: texts, language: UILanguage.negotiate(for: request))
        var values = values
        values["members"] = try await staff.list(by: session.actor).map { member in
            [
                "email": member.email, "role": texts["staff.role.\(member.role.rawValue)"],
                "enrolled": texts[member.totpEnrolledAt == nil ? "staff.members.no" : "staff.members.yes"],
                "lastLogin": member.lastLoginAt.map(format.time) ?? texts["staff.status.never"],
                "isSelf": member.id == session.staff.id,
            ] as [String: Any]
        }
        return console.render("staff-members", request, session, status: status, values: values)
    }
}
