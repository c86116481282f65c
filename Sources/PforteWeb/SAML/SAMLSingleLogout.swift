import Foundation
import Hummingbird
import PforteAccounts
import PforteCrypto
import PforteSAML
import PforteStore

/// Single logout (SAML profiles §4.4) in both directions: an SP's LogoutRequest ends the SSO
/// session, the other participants are sent LogoutRequests one after the other, and the SP gets
/// its LogoutResponse; a logout at Pforte itself runs the same round and ends on the
/// logged-out page. Other protocols learn of the ended session through ``SessionEndNotifier``.
struct SAMLSingleLogout: Sendable, RelyingPartySessions {
    let services: SAMLServices
    private var errors: SAMLErrorPage { SAMLErrorPage(pages: services.pages) }

    func receive(_ request: Request, context: PforteRequestContext,
                 decode: (RedirectBinding.Parameter) async throws(SAMLRequestError) -> ReceivedMessage,
                 isResponse: Bool) async throws -> Response {
        do {
            let message = try await decode(isResponse ? .response : .request)
            let now = services.now()
            if isResponse {
                let response = try services.logouts.validateResponse(message, serviceProviders: services.serviceProvider, now: now)
                guard let handle = response.relayState, SAMLServices.isHandle(handle),
                      let record = try await services.pending.find(handleDigest: services.digest(of: handle), kind: .logout, now: now),
                      var run = try? JSONDecoder().decode(LogoutRun.self, from: record.payload)
                else { throw SAMLRequestError(.unexpectedResponse, "no logout in progress for this RelayState") }
                try run.accept(response)
                context.logger.info("saml logout response", metadata: ["sp": "\(response.serviceProvider)", "status": "\(response.status)"])
                return try await advance(run, handle: handle, request)
            }
            let logout = try services.logouts.validateRequest(message, serviceProviders: services.serviceProvider, now: now)
            guard try await services.firstUse(
                of: logout.id, from: logout.serviceProvider, kind: "saml-logout-request",
                until: now.addingTimeInterval(services.policy.maximumAge + 2 * services.policy.clockSkew), now: now
            ) else { throw SAMLRequestError(.replayed, logout.id) }
            return try await endSession(for: logout, request, context: context)
        } catch let error as SAMLRequestError {
            return try await refused(error, request, context: context)
        }
    }

    /// A refused logout message still ends this browser's own session (its cookie proves the
    /// browser's wish, the message only told us): an SP such as Shibboleth ends its own session
    /// before it sends a LogoutRequest we may refuse, and a shared computer must not stay
    /// signed in. The session's SAML participants get their round, which ends on the page that
    /// says what was refused (``refusedPage(_:context:)``).
    private func refused(_ error: SAMLRequestError, _ request: Request, context: PforteRequestContext) async throws -> Response {
        guard let session = context.session else {
            return errors.renderLogout(error, outcome: .noSession, request, context: context)
        }
        context.logger.notice("saml logout message refused: the browser's session ends", metadata: [
            "reason": "\(error.code.rawValue)", "detail": "\(error.debugReason)",
        ])
        let run = try await endSession(
            reference: session.sessionReference, origin: nil, continuation: "/saml/logout-refused?reason=\(error.code.rawValue)"
        )
        var response = run.remaining.isEmpty
            ? errors.renderLogout(error, outcome: .sessionEnded, request, context: context)
            : try await advance(run, handle: nil, request)
        response.setCookie(services.pages.cookies.expired(name: services.pages.cookies.sessionCookieName))
        return response
    }

    /// `GET /saml/logout-refused?reason=…`: where the round after a refused logout message ends.
    /// The reason only picks one of the known texts.
    func refusedPage(_ request: Request, context: PforteRequestContext) -> Response {
        let code = request.uri.queryParameters["reason"].flatMap { SAMLRequestError.Code(rawValue: String($0)) } ?? .malformed
        return errors.renderLogout(SAMLRequestError(code, "after the round"), outcome: .sessionEnded, request, context: context)
    }

    /// Ends the session the LogoutRequest names (by SessionIndex, or the browser's session when
    /// it names none) if the NameID matches, and starts the round of the other participants.
    private func endSession(for logout: ValidatedLogoutRequest, _ request: Request,
                            context: PforteRequestContext) async throws -> Response {
        var participant: SAMLParticipantRecord?
        for index in logout.sessionIndexes where participant == nil {
            participant = try await services.participants.find(serviceProvider: logout.serviceProvider, sessionIndex: index)
        }
        if participant == nil, logout.sessionIndexes.isEmpty, let session = context.session,
           let digest = Self.digest(session.sessionReference) {
            participant = try await services.participants.find(sessionDigest: digest, serviceProvider: logout.serviceProvider)
        }
        guard let participant, participant.nameID == logout.nameID else {
            // Nothing of this SP's is logged in here (any more): the state it asks for holds.
            context.logger.info("saml logout for no known session", metadata: ["sp": "\(logout.serviceProvider)"])
            return try await advance(LogoutRun(origin: logout, participants: []), handle: nil, request)
        }
        let reference = participant.sessionDigest.bytes.base64URLEncoded
        let run = try await endSession(reference: reference, origin: logout)
        context.logger.info("saml logout", metadata: ["sp": "\(logout.serviceProvider)", "participants": "\(run.remaining.count)"])
        var response = try await advance(run, handle: nil, request)
        if context.session?.sessionReference == reference {
            response.setCookie(services.pages.cookies.expired(name: services.pages.cookies.sessionCookieName))
        }
        return response
    }

    /// Ends the session and forgets its participants; returns the round to notify them.
    private func endSession(reference: String, origin: ValidatedLogoutRequest?, continuation: String? = nil) async throws -> LogoutRun {
        try await services.accounts.sessions.end(sessionReference: reference)
        var removed: [SAMLParticipantRecord] = []
        if let digest = Self.digest(reference) {
            removed = try await services.participants.removeAll(sessionDigest: digest)
        }
        await services.sessionEndNotifier.sessionEnded(sessionReference: reference)
        return LogoutRun(origin: origin, participants: removed.map {
            LogoutRun.Participant(
                serviceProvider: $0.serviceProvider, nameID: $0.nameID,
                nameIDFormat: $0.nameIDFormat == "transient" ? .transient : .persistent, sessionIndex: $0.sessionIndex
            )
        }, continuation: continuation)
    }

    /// A logout at Pforte (`/logout`), or by a Land, after the session itself has ended: the
    /// round of its SAML participants ending at `continuation`, or `nil` when it had none.
    func propagateLogout(sessionReference: String, _ request: Request, continuingAt continuation: String?) async throws -> Response? {
        let run = try await endSession(reference: sessionReference, origin: nil, continuation: continuation)
        guard !run.remaining.isEmpty else { return nil }
        return try await advance(run, handle: nil, request)
    }

    /// Sends the next participant its LogoutRequest, or ends the round.
    private func advance(_ run: LogoutRun, handle existing: String?, _ request: Request) async throws -> Response {
        var run = run
        let now = services.now()
        var handle = existing
        while let participant = run.next() {
            guard let provider = services.serviceProvider(participant.serviceProvider) else {
                run.markPartial()
                continue
            }
            let current = handle ?? services.newHandle().handle
            guard let (message, id) = try services.identityProvider.logoutRequest(
                to: provider, nameID: participant.nameID, nameIDFormat: participant.nameIDFormat,
                sessionIndex: participant.sessionIndex, relayState: current, now: now
            ) else {
                run.markPartial()
                continue
            }
            run.sent(id: id, to: participant)
            let payload = try JSONEncoder().encode(run)
            if handle == nil {
                try await services.pending.create(SAMLPendingRecord(
                    handleDigest: services.digest(of: current), kind: .logout, payload: payload,
                    expiresAt: now.addingTimeInterval(services.pendingLifetime)
                ))
                handle = current
            } else {
                _ = try await services.pending.update(handleDigest: services.digest(of: current), payload: payload, now: now)
            }
            return services.deliver(message, request)
        }
        if let handle {
            _ = try await services.pending.finish(handleDigest: services.digest(of: handle), kind: .logout, now: now)
        }
        if let origin = run.origin, let provider = services.serviceProvider(origin.serviceProvider),
           let message = try services.identityProvider.logoutResponse(to: origin, for: provider, status: run.status, now: now) {
            return services.deliver(message, request)
        }
        return services.pages.redirect(run.continuation ?? "/logged-out")
    }

    private static func digest(_ reference: String) -> SecretDigest? {
        Data(base64URLEncoded: reference).flatMap { try? SecretDigest($0) }
    }
}
