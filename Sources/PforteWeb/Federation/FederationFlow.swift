import Foundation
import Hummingbird
import PforteAccounts
import PforteCore
import PforteFederation
import PforteOIDC
import PforteSAML
import PforteStore

/// The login with another Land's account (issue #7) as steps over a parked state: start (our
/// AuthnRequest to the Land), the Land's Response at our ACS (validated, one step-up at most),
/// the federated session, then consent and back to the portal's request.
struct FederationFlow: Sendable {
    let services: FederationServices
    private var pages: Pages { services.pages }

    /// The portal's side of a target: its name for people, the level it needs, and (OIDC) the
    /// redirect URI a form on our pages may lead to.
    struct Portal {
        let name: String
        let requiredLevel: TrustLevel
        let redirectURI: String?
    }

    /// Why a federated login ends without an identity for the portal.
    enum Failure {
        /// The user declined at consent, or the Land reports the login failed or was cancelled.
        case denied
        /// The Land did not reach the level the portal needs, even after the step-up.
        case levelTooLow
    }

    /// The portal request `target` names; `nil` when it is no longer live.
    func portal(_ target: FederationTarget, _ request: Request) async throws -> Portal? {
        switch target {
        case .oidc(let handle):
            guard let authorization = try await services.authorizations.find(handle),
                  let client = try await services.authorizations.clients.find(clientID: authorization.clientID)
            else { return nil }
            return Portal(name: client.registration.name, requiredLevel: authorization.requiredLevel,
                          redirectURI: authorization.response.redirectURI)
        case .saml(let handle):
            guard let (parked, provider) = try? await services.singleSignOn.pendingRequest(handle) else { return nil }
            let acceptable = AuthnContextRequirement.acceptableLevels(parked.request.authnContext, minimum: provider.settings.minimumLevel)
            return Portal(name: provider.displayName(language: UILanguage.negotiate(for: request).rawValue),
                          requiredLevel: acceptable.first ?? .hoch, redirectURI: nil)
        }
    }

    /// Sends the browser to `land` with an AuthnRequest for `level`, parking what the answer
    /// must match under the RelayState handle.
    /// The browser is bound to the login by a cookie (``FederationArrivals``), set here unless
    /// it has one.
    func send(to land: Land, target: FederationTarget, level: TrustLevel, isStepUp: Bool,
              _ request: Request, context: PforteRequestContext) async throws -> Response {
        let now = services.saml.now()
        let arrivals = FederationArrivals(services: services)
        let binding = arrivals.binding(request)
        let (handle, digest) = services.saml.newHandle()
        let redirect = try services.connector(land).redirect(requiring: level, state: handle, now: now)
        let login = FederationLogin(
            expected: ExpectedResponse(landEntityID: land.entityID, requestID: redirect.expectedRequestID),
            target: target, requiredLevel: level, isStepUp: isStepUp, browserBinding: arrivals.bindingDigest(binding.value)
        )
        try await services.saml.pending.create(SAMLPendingRecord(
            handleDigest: digest, kind: .federation, payload: try JSONEncoder().encode(login),
            expiresAt: now.addingTimeInterval(services.saml.pendingLifetime)
        ))
        context.logger.info("federation authn request sent", metadata: [
            "land": "\(land.entityID)", "request_id": "\(redirect.expectedRequestID)", "level": "\(level.rawValue)",
            "step_up": "\(isStepUp)",
        ])
        var response = Response(status: .seeOther, headers: [.location: redirect.url])
        if binding.isNew { response.setCookie(arrivals.bindingCookie(binding.value)) }
        return response
    }

    /// Our ACS: the Land's Response by HTTP-POST, validated before the login it answers is
    /// spent (a forged or junk POST carrying someone's RelayState leaves their login intact),
    /// then parked for its browser (``FederationArrivals``).
    func receive(_ fields: [String: String], _ request: Request, context: PforteRequestContext) async throws -> Response {
        let now = services.saml.now()
        let message: ReceivedMessage
        do {
            message = try PostBinding.decode(fields: fields, expecting: .response, limit: services.saml.policy.maximumMessageBytes)
        } catch {
            return refuse(FederationError(.malformed, error.description), request, context)
        }
        guard let handle = message.relayState, SAMLServices.isHandle(handle),
              let record = try await services.saml.pending.find(handleDigest: services.saml.digest(of: handle), kind: .federation, now: now),
              let login = try? JSONDecoder().decode(FederationLogin.self, from: record.payload),
              let land = services.land(login.expected.landEntityID)
        else { return refuse(FederationError(.wrongInResponseTo, "no login in progress for this RelayState"), request, context) }

        let outcome: FederationArrival.Outcome
        do throws(FederationError) {
            let validated = try services.validator.validate(message, land: land, expected: login.expected, now: now)
            outcome = .asserted(identity: validated.identity, assertionID: validated.assertionID, replayWindowEnd: validated.replayWindowEnd)
        } catch where error.code == .status {
            context.logger.info("federation login failed at the land", metadata: ["land": "\(land.entityID)", "status": "\(error.debugReason)"])
            outcome = .failed(levelTooLow: error.debugReason.hasSuffix(":NoAuthnContext"))
        } catch {
            return refuse(error, request, context)
        }
        if case .asserted(_, let assertionID, let replayWindowEnd) = outcome, !(try await services.saml.firstUse(
            of: assertionID, from: land.entityID, kind: "federation-assertion", until: replayWindowEnd, now: now
        )) { return refuse(FederationError(.replayed, assertionID), request, context) }
        // Only a valid answer spends the login, and only once.
        guard try await services.saml.pending.finish(handleDigest: services.saml.digest(of: handle), kind: .federation, now: now) != nil else {
            return refuse(FederationError(.wrongInResponseTo, "the login was answered already"), request, context)
        }
        let arrival = FederationArrival(login: login, landEntityID: land.entityID, outcome: outcome)
        let next = try await FederationArrivals(services: services).park(arrival, now: now)
        return pages.redirect("/federation/continue?handle=\(next)")
    }

    /// `GET /federation/continue`: the parked answer, in the browser that started the login
    /// (its binding cookie), becomes the federated session — or the portal's error.
    func proceed(handle: String, _ request: Request, context: PforteRequestContext) async throws -> Response {
        let arrivals = FederationArrivals(services: services)
        guard let arrival = try await arrivals.take(handle, now: services.saml.now()), let land = services.land(arrival.landEntityID) else {
            return refuse(FederationError(.wrongInResponseTo, "no answer parked under this handle"), request, context)
        }
        let login = arrival.login
        guard arrivals.isBound(login, request) else {
            context.logger.notice("federation answer in another browser", metadata: ["land": "\(land.entityID)"])
            return pages.message(
                request, page: "federation-error", status: .forbidden, heading: "federation.error.title",
                paragraphs: ["federation.error.otherBrowser", "saml.error.advice"], link: (href: "/", text: "saml.error.link"),
                extra: context.requestID
            )
        }
        let identity: UpstreamIdentity
        let assertionID: String
        switch arrival.outcome {
        case .failed(let levelTooLow):
            return try await fail(login.target, levelTooLow ? .levelTooLow : .denied, request, context)
        case .asserted(let asserted, let id, _):
            identity = asserted
            assertionID = id
        }
        if !identity.droppedAttributes.isEmpty {
            context.logger.notice("federation attributes dropped", metadata: [
                "land": "\(land.entityID)", "attributes": "\(identity.droppedAttributes.joined(separator: " "))",
            ])
        }
        guard identity.level.satisfies(login.requiredLevel) else {
            context.logger.info("federation level too low", metadata: [
                "land": "\(land.entityID)", "asserted": "\(identity.level.rawValue)", "required": "\(login.requiredLevel.rawValue)",
            ])
            if login.isStepUp { return try await fail(login.target, .levelTooLow, request, context) }
            return try await send(to: land, target: login.target, level: login.requiredLevel, isStepUp: true, request, context: context)
        }
        guard let profile = FederatedProfile.make(identity.attributes) else {
            return refuse(FederationError(.malformed, "no valid givenName and sn"), request, context)
        }
        let accountID = AccountID(FederatedSubject.identifier(landEntityID: land.entityID, subject: identity.subject, key: services.subjectKey))!
        let (cookie, session) = try await services.dependencies.services.federatedLogin.logIn(
            accountID: accountID, profile: profile, email: identity.attributes["mail"], level: identity.level,
            previousSessionID: context.sessionCookie?.sessionID, browser: request.browserFamily
        )
        try await FederationLogout(services: services, inner: services.singleLogout).remember(
            land, handle: identity.logoutHandle, sessionReference: session.sessionReference,
            until: session.expiresAt
        )
        context.logger.info("federated login", metadata: [
            "land": "\(land.entityID)", "account": "\(accountID)", "level": "\(identity.level.rawValue)",
            "assertion_id": "\(assertionID)",
        ])
        let next = try await FederationConsent(flow: self).needed(login.target, session: session)
            ? "/federation/consent?\(login.target.query)" : login.target.continuation
        return PersonSwitch.loggedIn(cookie, session, next: next, target: login.target,
                                     dependencies: services.dependencies, context: context)
    }

    /// Ends the portal's request with the protocol's error: OIDC `access_denied` or
    /// `unmet_authentication_requirements`, SAML `RequestDenied` or `NoAuthnContext`.
    func fail(_ target: FederationTarget, _ failure: Failure, _ request: Request, _ context: PforteRequestContext) async throws -> Response {
        switch target {
        case .oidc(let handle):
            guard let authorization = try await services.authorizations.finish(handle) else {
                return services.authorizations.failurePage(request, reason: "expired")
            }
            let error = failure == .denied
                ? OAuthError(.accessDenied, "the user did not release the data")
                : OAuthError(.unmetAuthenticationRequirements, "the Land did not reach \(authorization.requiredLevel.eidasURI)")
            return pages.redirect(authorization.response.location(error: error, issuer: services.authorizations.issuer))
        case .saml(let handle):
            let (parked, provider) = try await services.singleSignOn.pendingRequest(handle)
            return try await services.singleSignOn.answer(
                handle, parked.request, provider, status: failure == .denied ? .requestDenied : .noAuthnContext, request, context
            )
        }
    }

    /// A Response that must not be trusted for anything: an error page, a log line.
    func refuse(_ error: FederationError, _ request: Request, _ context: PforteRequestContext) -> Response {
        context.logger.notice("federation response refused", metadata: ["reason": "\(error.code.rawValue)", "detail": "\(error.debugReason)"])
        return pages.message(
            request, page: "federation-error", status: .badRequest, heading: "federation.error.title",
            paragraphs: ["federation.error.text", "saml.error.advice"], link: (href: "/", text: "saml.error.link"),
            extra: context.requestID
        )
    }
}
