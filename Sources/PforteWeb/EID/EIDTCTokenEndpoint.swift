import Foundation
import Hummingbird
import NIOCore
import PforteAccounts
import PforteEID

/// `GET /eid/tc-token?handle=…`: called by the eID-Client, without the browser's cookies
/// (eid.md steps 2–4). Spends the handle, opens a session on the eID-Server (`useID`) and
/// answers the TC Token; the RefreshAddress and CommunicationErrorAddress carry a new handle.
/// A replayed or unknown handle gets nothing.
struct EIDTCTokenEndpoint: Sendable {
    let flow: EIDFlow

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/eid/tc-token") { request, context in
            guard let handle = request.uri.queryParameters["handle"].map(String.init),
                  var transaction = try await flow.transactions.take(handle, stage: .tcToken)
            else {
                context.logger.notice("eid tc token refused", metadata: ["reason": "unknown, used or expired handle"])
                return flow.failurePage(request, reason: "unknown_step", status: .notFound)
            }
            let session: EIDSessionStart
            do throws(EIDError) {
                session = try await flow.connector.startSession(EIDAttributeRequest(
                    required: EIDFlow.attributeRequest.required, allowed: EIDFlow.attributeRequest.allowed
                ))
            } catch {
                context.logger.error("eid useID failed", metadata: ["code": "\(error.code.rawValue)", "debug": "\(error.debugReason)"])
                return flow.failurePage(request, reason: error.code.rawValue, status: .badGateway)
            }
            guard let serverAddress = session.eCardServerAddress ?? flow.fallbackServerAddress else {
                context.logger.error("eid useID gave no eCardServerAddress and eid.ecard_server_url is not set")
                return flow.failurePage(request, reason: EIDError.Code.internalError.rawValue, status: .badGateway)
            }
            transaction.connectorSession = try JSONEncoder().encode(session)
            let refresh = try await flow.transactions.store(transaction, stage: .refresh)
            let token = TCToken(
                session: session, fallbackServerAddress: serverAddress,
                refreshAddress: flow.url("/eid/refresh", handle: refresh),
                communicationErrorAddress: flow.url("/eid/communication-error", handle: refresh)
            )
            context.logger.info("eid tc token issued")
            return Response(status: .ok, headers: [.contentType: TCToken.contentType, .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: token.xml)))
        }
    }
}
