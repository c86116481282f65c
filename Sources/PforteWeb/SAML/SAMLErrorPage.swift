import Hummingbird
import PforteSAML

/// The answer to a SAML message that cannot be answered by SAML: no verified address to send
/// anything to, so the person sees what happened (and the request id to quote) and the
/// operator a log line with the reason. Never a redirect.
struct SAMLErrorPage: Sendable {
    let pages: Pages

    func render(_ error: SAMLRequestError, _ request: Request, context: PforteRequestContext) -> Response {
        context.logger.notice("saml message refused", metadata: [
            "reason": "\(error.code.rawValue)", "detail": "\(error.debugReason)",
        ])
        let status: HTTPResponse.Status = error.code == .tooLarge ? .contentTooLarge : .badRequest
        return pages.message(
            request, page: "saml-error", status: status, heading: "saml.error.title",
            paragraphs: ["saml.error.\(error.code.rawValue)", "saml.error.advice"], link: (href: "/", text: "saml.error.link"),
            extra: context.requestID
        )
    }
}
