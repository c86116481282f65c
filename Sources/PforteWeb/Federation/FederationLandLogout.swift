import Foundation
import Hummingbird
import PforteFederation
import PforteSAML
import PforteStore

/// A Land's LogoutRequest at `/federation/slo` (HTTP-Redirect or HTTP-POST): the Land ended its
/// citizen's session, so the federated session at Pforte ends everywhere — OIDC clients by
/// back-channel logout, SAML portals by the usual round through the browser — and the round
/// ends with our signed LogoutResponse at the Land's SLO endpoint (SAML profiles §4.4.3).
struct FederationLandLogout: Sendable {
    let services: FederationServices
    private var sessions: SAMLSingleLogout { services.singleLogout }

    /// Where a federated session can be found from the Land's side: its NameID and SessionIndex
    /// (the key of a ``SAMLPendingRecord/Kind/landSubject`` record).
    static func key(land: String, nameID: String, sessionIndex: String?, _ services: FederationServices) -> SecretDigest {
        services.saml.digest(of: ["land-subject", land, nameID, sessionIndex ?? ""].joined(separator: "\n"))
    }

    func receive(_ message: ReceivedMessage, _ request: Request, context: PforteRequestContext) async throws -> Response {
        let now = services.saml.now()
        let logout: ValidatedLandLogoutRequest
        do throws(FederationError) {
            logout = try LandLogoutRequest.validate(
                message, lands: services.land, endpoint: services.serviceProvider.singleLogoutURL, policy: services.saml.policy, now: now
            )
        } catch {
            return refuse(error, request, context)
        }
        guard try await services.saml.firstUse(
            of: logout.id, from: logout.landEntityID, kind: "federation-logout-request",
            until: now.addingTimeInterval(services.saml.policy.maximumAge + 2 * services.saml.policy.clockSkew), now: now
        ), let land = services.land(logout.landEntityID)
        else { return refuse(FederationError(.replayed, logout.id), request, context) }

        let answer = try services.serviceProvider.logoutResponse(to: land, answering: logout, now: now)
        guard let reference = try await sessionReference(named: logout, browserSession: context.session?.sessionReference, now: now) else {
            // Nothing of this Land's is logged in here (any more): the state it asks for holds.
            context.logger.info("federation logout for no known session", metadata: ["land": "\(land.entityID)"])
            return services.pages.redirect(answer ?? "/logged-out")
        }
        context.logger.info("federation logout by the land", metadata: ["land": "\(land.entityID)"])
        // The Land has ended its session: no LogoutRequest goes back to it.
        _ = try await services.saml.pending.finish(
            handleDigest: FederationLogout.key(reference, services), kind: .federationSession, now: now
        )
        // Ends the session, tells its OIDC clients, and starts its SAML portals' round.
        var response = try await sessions.propagateLogout(sessionReference: reference, request, continuingAt: answer)
            ?? services.pages.redirect(answer ?? "/logged-out")
        if context.session?.sessionReference == reference {
            response.setCookie(services.pages.cookies.expired(name: services.pages.cookies.sessionCookieName))
        }
        return response
    }

    /// The session the request names by NameID and SessionIndex (each one tried, or none), else
    /// the browser's own session if it is this Land's session of that NameID (a Land that sends
    /// no SessionIndex, SAML core §3.7.1: then all sessions of the principal are meant).
    private func sessionReference(named logout: ValidatedLandLogoutRequest, browserSession: String?, now: Date) async throws -> String? {
        let indexes: [String?] = logout.sessionIndexes.isEmpty ? [nil] : logout.sessionIndexes
        for index in indexes {
            let key = Self.key(land: logout.landEntityID, nameID: logout.nameID, sessionIndex: index, services)
            if let record = try await services.saml.pending.finish(handleDigest: key, kind: .landSubject, now: now) {
                return String(decoding: record.payload, as: UTF8.self)
            }
        }
        guard logout.sessionIndexes.isEmpty, let browserSession,
              let record = try await services.saml.pending.find(
                  handleDigest: FederationLogout.key(browserSession, services), kind: .federationSession, now: now),
              let landSession = try? JSONDecoder().decode(FederationLogout.LandSession.self, from: record.payload),
              landSession.landEntityID == logout.landEntityID, landSession.logoutHandle.nameID == logout.nameID
        else { return nil }
        return browserSession
    }

    /// A LogoutRequest that must not be trusted: a logout page saying so, and a log line.
    func refuse(_ error: FederationError, _ request: Request, _ context: PforteRequestContext) -> Response {
        context.logger.notice("federation logout request refused", metadata: [
            "reason": "\(error.code.rawValue)", "detail": "\(error.debugReason)",
        ])
        return services.pages.message(
            request, page: "federation-error", status: .badRequest, heading: "saml.logout.error.title",
            paragraphs: ["federation.logout.error.text"], link: (href: "/", text: "saml.error.link"), extra: context.requestID
        )
    }
}
