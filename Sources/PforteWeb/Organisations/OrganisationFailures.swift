import Hummingbird
import PforteAccounts

/// The readable pages for organisations one cannot reach: unknown or not a member (404, one
/// answer, so ids cannot be probed), not an admin (403), and a membership whose key the account
/// lost in a recovery (403).
enum OrganisationFailures {
    enum Outcome<Value> {
        case success(Value)
        case failure(Response)

        var failurePage: Response? {
            if case .failure(let response) = self { return response }
            return nil
        }
    }

    static func page<Value>(_ pages: Pages, _ request: Request, _ body: () async throws -> Value) async throws -> Outcome<Value> {
        do {
            return .success(try await body())
        } catch let error as OrganisationError {
            guard let response = response(for: error, pages, request) else { throw error }
            return .failure(response)
        }
    }

    static func response(for error: OrganisationError, _ pages: Pages, _ request: Request) -> Response? {
        switch error.code {
        case .notFound:
            return pages.message(request, page: "organisation-not-found", status: .notFound, heading: "organisationNotFound.title",
                                 paragraphs: ["organisationNotFound.text"], link: (href: "/organisations", text: "organisations.back"))
        case .notAdmin:
            return pages.message(request, page: "organisation-forbidden", status: .forbidden, heading: "organisationForbidden.title",
                                 paragraphs: ["organisationForbidden.text"], link: (href: "/organisations", text: "organisations.back"))
        case .keyUnavailable:
            // The sole admin's only way out is the deletion page: linked, not described as a URL to type.
            let organisation = request.uri.path.split(separator: "/").prefix(2)
            let deletion = organisation.count == 2 ? [(href: "/\(organisation.joined(separator: "/"))/delete",
                                                        text: "organisationKeyUnavailable.delete")] : []
            return pages.message(request, page: "organisation-key-unavailable", status: .forbidden,
                                 heading: "organisationKeyUnavailable.title", paragraphs: ["organisationKeyUnavailable.text"],
                                 link: (href: "/organisations", text: "organisations.back"), moreLinks: deletion)
        default:
            return nil
        }
    }
}
