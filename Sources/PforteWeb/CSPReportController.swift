import Hummingbird

/// `POST /csp-report`: browsers report Content-Security-Policy violations here (CSP Level 3
/// `report-uri`, and the Reporting API's `application/reports+json`). A violation on a login
/// page can be an injection attempt, so operators see each one as a warning.
struct CSPReportController: Sendable {
    static let maximumBodySize = 64 * 1024
    static let acceptedMediaTypes = ["application/csp-report", "application/reports+json", "application/json"]

    func register(on router: Router<PforteRequestContext>) {
        router.post("/csp-report") { request, context in
            let mediaType = request.headers[.contentType]?.split(separator: ";").first
                .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let mediaType, Self.acceptedMediaTypes.contains(mediaType) else {
                throw HTTPError(.unsupportedMediaType)
            }
            let body = try await request.body.collect(upTo: Self.maximumBodySize)
            context.logger.warning(
                "content security policy violation reported",
                metadata: ["report": .string(String(buffer: body).prefix(4096).description)]
            )
            return Response(status: .noContent)
        }
    }
}
