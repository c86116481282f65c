import Foundation
import Hummingbird
import PforteFederation
import PforteSAML
import PforteStore

/// Logout of a federated session reaches the Land too (issue #7): before the SAML round of the
/// session's portals, the browser goes to the Land with our LogoutRequest; the Land's
/// LogoutResponse at `/federation/slo` continues with that round (OIDC portals have been told by
/// back-channel logout already). Wraps the SAML single logout, which stays unaware of Länder.
struct FederationLogout: RelyingPartySessions {
    let services: FederationServices
    let inner: any RelyingPartySessions

    /// A federated session's Land, kept from the login until the session would end.
    struct LandSession: Codable {
        let landEntityID: String
        let logoutHandle: UpstreamLogoutHandle
    }

    /// A logout at a Land in progress.
    struct PendingLogout: Codable {
        let sessionReference: String
        let landEntityID: String
        let requestID: String
        /// Where the browser goes when the round is over (see ``RelyingPartySessions``).
        let continuation: String?
    }

    /// Remembers the Land of the session `reference` for its logout, both ways: ours to the
    /// Land, and the Land's LogoutRequest naming its NameID and SessionIndex. The latest Land
    /// login's counts, as a login at a Land during a live session of the same account keeps the
    /// session.
    func remember(_ land: Land, handle: UpstreamLogoutHandle?, sessionReference reference: String, until end: Date) async throws {
        guard let handle, land.singleLogoutURL != nil else { return }
        _ = try await services.saml.pending.finish(handleDigest: Self.key(reference, services), kind: .federationSession,
                                                   now: .distantPast)
        try await services.saml.pending.create(SAMLPendingRecord(
            handleDigest: Self.key(reference, services), kind: .federationSession,
            payload: try JSONEncoder().encode(LandSession(landEntityID: land.entityID, logoutHandle: handle)), expiresAt: end
        ))
        try await services.saml.pending.create(SAMLPendingRecord(
            handleDigest: FederationLandLogout.key(land: land.entityID, nameID: handle.nameID, sessionIndex: handle.sessionIndex, services),
            kind: .landSubject, payload: Data(reference.utf8), expiresAt: end
        ))
    }

    func propagateLogout(sessionReference: String, _ request: Request, continuingAt continuation: String?) async throws -> Response? {
        let now = services.saml.now()
        guard let record = try await services.saml.pending.finish(handleDigest: Self.key(sessionReference, services),
                                                                   kind: .federationSession, now: now),
              let landSession = try? JSONDecoder().decode(LandSession.self, from: record.payload),
              let land = services.land(landSession.landEntityID)
        else { return try await inner.propagateLogout(sessionReference: sessionReference, request, continuingAt: continuation) }
        let (handle, digest) = services.saml.newHandle()
        guard let redirect = try services.serviceProvider.logoutRequest(to: land, handle: landSession.logoutHandle, relayState: handle, now: now) else {
            return try await inner.propagateLogout(sessionReference: sessionReference, request, continuingAt: continuation)
        }
        try await services.saml.pending.create(SAMLPendingRecord(
            handleDigest: digest, kind: .federationLogout,
            payload: try JSONEncoder().encode(PendingLogout(sessionReference: sessionReference, landEntityID: land.entityID,
                                                            requestID: redirect.expectedRequestID, continuation: continuation)),
            expiresAt: now.addingTimeInterval(services.saml.pendingLifetime)
        ))
        return Response(status: .seeOther, headers: [.location: redirect.url])
    }

    /// `/federation/slo` by HTTP-Redirect (`GET`) and HTTP-POST: a Land's LogoutRequest (see
    /// ``FederationLandLogout``), or its LogoutResponse to ours, after which the session's SAML
    /// portals follow. Like `/saml/slo`, no CSRF token of ours: every message must be signed.
    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/federation/slo") { request, context in
            let query = request.uri.query ?? ""
            let isRequest = request.uri.queryParameters["SAMLRequest"] != nil
            return try await receive(request, context, isRequest: isRequest) { (parameter) throws(SAMLRequestError) in
                try RedirectBinding.decode(rawQuery: query, expecting: parameter, limit: services.saml.policy.maximumMessageBytes)
            }
        }
        router.post("/federation/slo") { request, context in
            let fields = await SAMLPostedFields.read(request)
            let isRequest = (try? fields.get())?["SAMLRequest"] != nil
            return try await receive(request, context, isRequest: isRequest) { (parameter) throws(SAMLRequestError) in
                try PostBinding.decode(fields: try fields.get(), expecting: parameter, limit: services.saml.policy.maximumMessageBytes)
            }
        }
    }

    private func receive(_ request: Request, _ context: PforteRequestContext, isRequest: Bool,
                         decode: (RedirectBinding.Parameter) throws(SAMLRequestError) -> ReceivedMessage) async throws -> Response {
        let landLogout = FederationLandLogout(services: services)
        let message: ReceivedMessage
        do throws(SAMLRequestError) {
            message = try decode(isRequest ? .request : .response)
        } catch {
            return landLogout.refuse(FederationError(.malformed, error.description), request, context)
        }
        if isRequest { return try await landLogout.receive(message, request, context: context) }
        let flow = FederationFlow(services: services)
        guard let handle = message.relayState, SAMLServices.isHandle(handle),
              let record = try await services.saml.pending.finish(handleDigest: services.saml.digest(of: handle),
                                                                  kind: .federationLogout, now: services.saml.now()),
              let pending = try? JSONDecoder().decode(PendingLogout.self, from: record.payload),
              let land = services.land(pending.landEntityID)
        else { return flow.refuse(FederationError(.wrongInResponseTo, "no logout in progress for this RelayState"), request, context) }
        do throws(FederationError) {
            let success = try LandLogoutResponse.validate(message, land: land, requestID: pending.requestID)
            context.logger.info("federation logout response", metadata: ["land": "\(land.entityID)", "success": "\(success)"])
        } catch {
            return flow.refuse(error, request, context)
        }
        return try await inner.propagateLogout(sessionReference: pending.sessionReference, request, continuingAt: pending.continuation)
            ?? services.pages.redirect(pending.continuation ?? "/logged-out")
    }

    static func key(_ reference: String, _ services: FederationServices) -> SecretDigest {
        services.saml.digest(of: "federated-session:" + reference)
    }
}
