import Foundation
import Hummingbird
import PforteAccounts
import PforteCore
import PforteCrypto
import PforteSAML
import PforteStore

/// Web Browser SSO (SAML profiles §4.1) from a received AuthnRequest to the Response.
///
/// Both bindings park the validated request in the store, and login and consent come back to
/// `/saml/continue?handle=…` by GET. A request by HTTP-POST continues there at once: a
/// cross-site POST does not carry the `SameSite=Lax` session cookie, the redirected GET does.
/// A request by HTTP-Redirect arrived by a top-level GET, which carries the cookie, so it is
/// answered in the same exchange, sparing the browser a round trip.
struct SAMLSingleSignOn: Sendable {
    let services: SAMLServices
    private var pages: Pages { services.pages }
    private var errors: SAMLErrorPage { SAMLErrorPage(pages: services.pages) }

    func receive(_ request: Request, context: PforteRequestContext,
                 decode: () async throws(SAMLRequestError) -> ReceivedMessage) async throws -> Response {
        do {
            let message = try await decode()
            let now = services.now()
            let validated = try services.authnRequests.validate(message, serviceProviders: services.serviceProvider, now: now)
            return try await answeringOutage(validated, context: context, request) {
                guard try await services.firstUse(
                    of: validated.id, from: validated.serviceProvider, kind: "saml-authn-request", until: validated.replayWindowEnd, now: now
                ) else { throw SAMLRequestError(.replayed, "\(validated.serviceProvider) \(validated.id)") }
                let (handle, digest) = services.newHandle()
                try await services.pending.create(SAMLPendingRecord(
                    handleDigest: digest, kind: .authnRequest, payload: try JSONEncoder().encode(ParkedAuthnRequest(request: validated)),
                    expiresAt: now.addingTimeInterval(services.pendingLifetime)
                ))
                context.logger.info("saml authn request accepted", metadata: [
                    "sp": "\(validated.serviceProvider)", "request_id": "\(validated.id)", "binding": "\(message.binding)",
                ])
                guard message.binding == .redirect else { return pages.redirect("/saml/continue?handle=\(handle)") }
                return try await proceed(handle: handle, request, context: context)
            }
        } catch let error as SAMLRequestError {
            return errors.render(error, request, context: context)
        }
    }

    /// Performs the next step of a parked request, as ``PforteSAML/SingleSignOnStep`` decides it.
    func proceed(handle: String, _ request: Request, context: PforteRequestContext) async throws -> Response {
        let (parked, provider) = try await pendingRequest(handle)
        let session = context.session
        let authentication = SingleSignOnStep.authentication(
            for: parked, settings: provider.settings,
            session: session.map { SingleSignOnStep.Session(level: $0.trustLevel, authenticationReference: $0.authenticationReference) },
            reachableByLogin: Set(services.reachableByLogin)
        )
        if case .issue = authentication, let session,
           try await !services.accounts.terms.pending(accountID: session.accountID.description).isEmpty {
            // A terms version that took effect since the last acceptance comes first (issue #19).
            if parked.request.isPassive { return try await answer(handle, parked.request, provider, status: .noPassive, request, context) }
            return pages.redirect(TermsPages.acceptance(continuing: "/saml/continue?handle=\(handle)"))
        }
        var step = authentication
        var actingOptions: [OrganisationSummary] = []
        if case .issue(let level, let classRef) = authentication, let session {
            let released = provider.settings.attributes
            let consented = released.isEmpty ? nil
                : try await services.consents.find(accountID: session.accountID.description, relyingParty: provider.entityID)?.attributes
            if SingleSignOnStep.asksForActing(parked, releasing: released) {
                actingOptions = try await services.acting.options(session)
            }
            step = SingleSignOnStep.release(
                for: parked, settings: provider.settings, asserting: level, classRef: classRef,
                consentedAttributes: consented, hasActingOptions: !actingOptions.isEmpty
            )
        }
        switch step {
        case .answer(let status):
            return try await answer(handle, parked.request, provider, status: status, request, context)
        case .login(let recordingRequest):
            if recordingRequest {
                var next = parked
                next.requestLogin(after: session?.authenticationReference)
                _ = try await services.pending.update(handleDigest: services.digest(of: handle), payload: JSONEncoder().encode(next), now: services.now())
            }
            return pages.redirect("/login?saml=\(handle)")
        case .consent:
            return SAMLConsentPage(services: services).render(handle: handle, provider: provider, request)
        case .chooseActing:
            return services.acting.choicePage(request, options: actingOptions, target: actingTarget(handle, provider, request))
        case .issue(let level, let classRef):
            guard let session else { throw PageFailure.invalidLink }
            return try await issue(handle, parked, provider, session: session, level: level, classRef: classRef, request, context)
        }
    }

    /// Ends the exchange with a status and no assertion, at the verified ACS.
    func answer(_ handle: String, _ validated: ValidatedAuthnRequest, _ provider: ServiceProvider, status: SAMLStatus,
                _ request: Request, _ context: PforteRequestContext) async throws -> Response {
        guard try await services.pending.finish(handleDigest: services.digest(of: handle), kind: .authnRequest, now: services.now()) != nil else {
            throw PageFailure.invalidLink
        }
        context.logger.info("saml authn request answered", metadata: [
            "sp": "\(provider.entityID)", "request_id": "\(validated.id)", "status": "\(status)",
        ])
        let form = try services.identityProvider.response(
            to: validated, for: provider, status: status, authentication: nil, policy: services.policy, now: services.now()
        )
        return services.postForms.render(form, request)
    }

    /// Where the acting page of the parked request `handle` posts.
    func actingTarget(_ handle: String, _ provider: ServiceProvider, _ request: Request) -> OrganisationActing.Target {
        OrganisationActing.Target(action: "/saml/acting", handle: handle, relyingParty: provider.entityID,
                                  serviceName: provider.displayName(language: UILanguage.negotiate(for: request).rawValue))
    }

    private func issue(_ handle: String, _ parked: ParkedAuthnRequest, _ provider: ServiceProvider,
                       session: AuthenticatedSession, level: TrustLevel, classRef: String,
                       _ request: Request, _ context: PforteRequestContext) async throws -> Response {
        let validated = parked.request
        let organisation: ReleasedOrganisation?
        switch try await services.acting.release(for: parked.acting, relyingParty: provider.entityID, session: session) {
        case .person: organisation = nil
        case .organisation(let released): organisation = released
        case .refused:
            _ = try await services.pending.finish(handleDigest: services.digest(of: handle), kind: .authnRequest, now: services.now())
            return services.acting.refusedPage(request)
        }
        guard try await services.pending.finish(handleDigest: services.digest(of: handle), kind: .authnRequest, now: services.now()) != nil else {
            throw PageFailure.invalidLink
        }
        let now = services.now()
        guard let sessionDigest = Data(base64URLEncoded: session.sessionReference).flatMap({ try? SecretDigest($0) }) else {
            throw PageFailure.invalidLink
        }
        let accountID = session.accountID.description
        let nameID = services.nameIDs.nameID(format: validated.nameIDFormat, accountID: accountID, serviceProvider: provider.entityID)
        let sessionEnd = session.expiresAt
        let participant = try await services.participants.record(SAMLParticipantRecord(
            sessionDigest: sessionDigest, serviceProvider: provider.entityID, nameID: nameID,
            nameIDFormat: validated.nameIDFormat == .persistent ? "persistent" : "transient",
            sessionIndex: SAMLIdentifier.make(), expiresAt: sessionEnd
        ))

        var attributes: [(AttributeDefinition, String)] = []
        if !provider.settings.attributes.isEmpty {
            let profile = try await services.accounts.profiles.profile(of: session)
            var releasable = ReleasableAttributes(email: profile.email, profile: profile.profile)
            if let organisation {
                releasable.add(
                    organisation: services.nameIDs.organisationIdentifier(organisation.id, serviceProvider: provider.entityID),
                    name: organisation.profile.name.value, legalForm: organisation.profile.legalForm.rawValue,
                    role: organisation.role.rawValue
                )
            }
            attributes = AttributeProfile.release(provider.settings.attributes, from: releasable)
        }
        if provider.settings.trustLevelAttribute {
            attributes.append((AttributeProfile.trustLevel, level.storkQAALabel))
        }
        let form = try services.identityProvider.response(
            to: validated, for: provider, status: .success,
            authentication: AssertedAuthentication(
                nameID: nameID, nameIDFormat: validated.nameIDFormat, classRef: classRef, authnInstant: session.authTime,
                sessionIndex: participant.sessionIndex, sessionNotOnOrAfter: sessionEnd, attributes: attributes
            ),
            policy: services.policy, now: now
        )
        context.logger.info("saml assertion issued", metadata: [
            "sp": "\(provider.entityID)", "request_id": "\(validated.id)", "class_ref": "\(classRef)",
            "attributes": "\(attributes.map(\.0.friendlyName).joined(separator: ","))",
            "encrypted": "\(provider.encryptsAssertions)",
        ])
        return services.postForms.render(form, request)
    }

    /// The lowest level the parked request `handle` accepts; `nil` for a stale handle.
    func requiredLevel(handle: String) async throws -> TrustLevel? {
        guard let (parked, provider) = try? await pendingRequest(handle) else { return nil }
        return AuthnContextRequirement.acceptableLevels(parked.request.authnContext, minimum: provider.settings.minimumLevel).min()
    }

    /// The parked request `handle` names, with its SP; an unknown, finished or expired handle is
    /// a stale link.
    func pendingRequest(_ handle: String) async throws -> (ParkedAuthnRequest, ServiceProvider) {
        guard SAMLServices.isHandle(handle),
              let record = try await services.pending.find(handleDigest: services.digest(of: handle), kind: .authnRequest, now: services.now()),
              let parked = try? JSONDecoder().decode(ParkedAuthnRequest.self, from: record.payload),
              let provider = services.serviceProvider(parked.request.serviceProvider)
        else { throw PageFailure.invalidLink }
        return (parked, provider)
    }
}
