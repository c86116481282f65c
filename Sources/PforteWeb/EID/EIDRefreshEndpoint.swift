import Foundation
import Hummingbird
import PforteAccounts
import PforteEID

/// `GET /eid/refresh?handle=…&ResultMajor=…` (the RefreshAddress) and
/// `GET /eid/communication-error?handle=…` (the CommunicationErrorAddress), called by the
/// eID-Client after the card session (eid.md steps 6–7), which then shows the browser where
/// the answer leads.
///
/// `ResultMajor=ok` in the query is the client's claim, not a result: only `getResult` counts,
/// and without a result nobody is logged in. `ResultMajor=error` never logs in either: a
/// cancellation by the user ends the step at once; for other errors `getResult` is asked only
/// for the reason to show (an expired or revoked document).
struct EIDRefreshEndpoint: Sendable {
    let flow: EIDFlow

    static let resultMajorOK = "http://www.bsi.bund.de/ecard/api/1.1/resultmajor#ok"

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/eid/refresh") { request, context in
            let query = request.uri.queryParameters
            guard let handle = query["handle"].map(String.init),
                  var transaction = try await flow.transactions.take(handle, stage: .refresh)
            else {
                context.logger.notice("eid refresh refused", metadata: ["reason": "unknown, used or expired handle"])
                return flow.failureRedirect("unknown_step")
            }
            let major = query["ResultMajor"].map(String.init)
            let clientOK = major == "ok" || major == Self.resultMajorOK
            if !clientOK {
                let minor = query["ResultMinor"].map(String.init) ?? ""
                context.logger.info("eid client reported an error", metadata: ["result_major": "\(major ?? "")", "result_minor": "\(minor)"])
                if minor.hasSuffix("cancellationByUser") { return flow.failureRedirect(EIDError.Code.cancelledByUser.rawValue) }
            }
            guard let stored = transaction.connectorSession,
                  let session = try? JSONDecoder().decode(EIDSessionStart.self, from: stored)
            else { return flow.failureRedirect("unknown_step") }
            let data: EIDPersonalData
            do throws(EIDError) {
                data = try await flow.connector.result(of: session)
            } catch {
                context.logger.notice("eid getResult failed", metadata: ["code": "\(error.code.rawValue)", "debug": "\(error.debugReason)"])
                return flow.failureRedirect(error.code.rawValue)
            }
            guard clientOK else { return flow.failureRedirect("client_error") }
            transaction.identity = EIDCardMapping.identity(data)
            let finish = try await flow.transactions.store(transaction, stage: .finish)
            context.logger.info("eid result received", metadata: ["document_type": "\(data.documentType ?? "-")"])
            return flow.pages.redirect(flow.url("/eid/finish", handle: finish).absoluteString)
        }
        router.get("/eid/communication-error") { request, context in
            if let handle = request.uri.queryParameters["handle"].map(String.init) {
                _ = try await flow.transactions.take(handle, stage: .refresh)
            }
            context.logger.notice("eid client reported a communication error")
            return flow.failurePage(request, reason: "communication")
        }
        router.get("/eid/failed") { request, _ in
            flow.failurePage(request, reason: request.uri.queryParameters["reason"].map(String.init) ?? "unknown")
        }
    }
}
