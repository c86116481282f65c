import Hummingbird
import PforteAccounts
import PforteStore

/// Gives every failure of a page a readable page: ``PageFailure``s with their own status and
/// text, a store that is down or too slow as a 503 "try again" page, anything unexpected as a
/// 500 page with the request id to quote (and a log line).
struct PageFailureMiddleware: RouterMiddleware {
    typealias Context = PforteRequestContext

    let pages: Pages

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let failure as PageFailure {
            switch failure {
            case .formExpired:
                context.logger.notice("form refused: CSRF token or origin invalid")
                return pages.message(request, page: "form-expired", status: .forbidden, heading: "formExpired.title",
                                     paragraphs: ["formExpired.text"], link: (href: request.linkPath, text: "formExpired.link"))
            case .cookiesMissing:
                context.logger.notice("form refused: posted without the CSRF cookie (cookies blocked)")
                return pages.message(request, page: "cookies-needed", status: .forbidden, heading: "cookiesNeeded.title",
                                     paragraphs: ["cookiesNeeded.text", "cookiesNeeded.how"],
                                     link: (href: request.linkPath, text: "cookiesNeeded.link"))
            case .invalidForm(let reason):
                context.logger.notice("form refused: \(reason)")
                return pages.message(request, page: "bad-request", status: .badRequest, heading: "badRequest.title",
                                     paragraphs: ["badRequest.text"], link: (href: "/", text: "badRequest.link"))
            case .invalidLink:
                return pages.message(request, page: "invalid-link", status: .notFound, heading: "invalidLink.title",
                                     paragraphs: ["invalidLink.text"], link: (href: "/", text: "invalidLink.link"))
            }
        } catch let error as AccountError where error.code == .accountLocked {
            // Issue #22: said only after the right credentials, on every login path alike.
            context.logger.notice("login refused: account locked by the service desk")
            return pages.message(request, page: "account-locked", status: .forbidden, heading: "accountLocked.title",
                                 paragraphs: ["accountLocked.text"], link: (href: "/", text: "accountLocked.link"))
        } catch let error as StoreError where error.isOutage {
            context.logger.error("page failed: store unavailable", metadata: ["error": "\(error.detail)"])
            var response = pages.message(request, page: "unavailable", status: .serviceUnavailable, heading: "unavailable.title",
                                         paragraphs: ["unavailable.text"], link: (href: request.linkTarget, text: "unavailable.link"),
                                         extra: context.requestID)
            response.headers[.retryAfter] = StoreOutageResponse.retryAfterSeconds
            return response
        } catch let error as any HTTPResponseError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            context.logger.error("page failed", metadata: ["error": "\(String(reflecting: error))"])
            return pages.message(request, page: "error", status: .internalServerError, heading: "error.title",
                                 paragraphs: ["error.text"], link: (href: "/", text: "error.link"),
                                 extra: context.requestID)
        }
    }
}
