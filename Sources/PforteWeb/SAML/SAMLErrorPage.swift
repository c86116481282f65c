import Hummingbird
import PforteSAML

/// The answer to a SAML message that cannot be answered by SAML: no verified address to send
/// anything to, so the person sees what happened (and the request id to quote) and the
/// operator a log line with the reason. Never a redirect.
struct SAMLErrorPage: Sendable {
    let pages: Pages

    /// What a logout message's refusal did to the browser's own Pforte session.
    enum LogoutOutcome {
        /// The browser's session cookie named a session, which has ended all the same.
        case sessionEnded
        /// No session of this browser's could be ended.
        case noSession
    }

    func render(_ error: SAMLRequestError, _ request: Request, context: PforteRequestContext) -> Response {
        render(error, request, context: context, heading: "saml.error.title", advice: ["saml.error.advice"])
    }

    /// A refused message at the SLO endpoint: titled as a logout ("Abmeldung"), saying whether
    /// the Pforte session is over.
    func renderLogout(_ error: SAMLRequestError, outcome: LogoutOutcome, _ request: Request,
                      context: PforteRequestContext) -> Response {
        let advice = outcome == .sessionEnded ? "saml.logout.error.ended" : "saml.logout.error.notEnded"
        return render(error, request, context: context, heading: "saml.logout.error.title", advice: [advice])
    }

    private func render(_ error: SAMLRequestError, _ request: Request, context: PforteRequestContext,
                        heading: String, advice: [String]) -> Response {
        context.logger.notice("saml message refused", metadata: [
            "reason": "\(error.code.rawValue)", "detail": "\(error.debugReason)",
        ])
        let status: HTTPResponse.Status = error.code == .tooLarge ? .contentTooLarge : .badRequest
        return pages.message(
            request, page: "saml-error", status: status, heading: heading,
            paragraphs: ["saml.error.\(error.code.rawValue)"] + advice, link: (href: "/", text: "saml.error.link"),
            extra: context.requestID
        )
    }
}
