import Hummingbird
import PforteAccounts

/// `/staff/audit` (issue #22): the newest entries of the audit trail, or one account's.
struct StaffAuditPage: Sendable {
    let console: StaffConsole
    private var pages: Pages { console.pages }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/staff/audit") { request, _ in
            try await render(request, filter: request.uri.queryParameters["account"].map(String.init) ?? "")
        }
        router.post("/staff/audit") { request, _ in
            try await render(request, filter: try await pages.form(request)["account"])
        }
    }

    private func render(_ request: Request, filter: String) async throws -> Response {
            try await console.signedIn(request) { session in
                let filter = filter.trimmingCharacters(in: .whitespaces)
                let entries = try await console.services.serviceDesk.auditTrail(of: filter.isEmpty ? nil : filter)
                let texts = pages.texts(request)
                let format = SecurityTexts(texts: texts, language: UILanguage.negotiate(for: request))
                let events: [[String: Any]] = entries.map { entry in
                    ["time": format.time(entry.occurredAt), "actor": entry.actor, "code": entry.action.rawValue,
                     "action": texts["staff.audit.actions.\(entry.action.rawValue)"], "account": entry.accountID ?? "–",
                     "reason": entry.reason ?? "–"]
                }
                return console.render("staff-audit", request, session, values: [
                    "events": events, "hasEvents": !events.isEmpty, "filter": filter,
                ])
            }
    }
}
