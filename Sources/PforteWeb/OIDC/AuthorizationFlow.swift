import Foundation
import Hummingbird
import PforteAccounts
import PforteCore
import PforteCrypto
import PforteOIDC
import PforteStore

/// The authorization endpoint's state machine over a stored request (design: "login as a state
/// machine over a persisted request"): each entry — `/authorize`, `/authorize/continue` after a
/// login, `/authorize/consent` — hands a validated request here, and ``AuthorizationStep``
/// says whether the user must log in, consent, or gets a code.
struct AuthorizationFlow: Sendable {
    let pages: Pages
    let clients: ClientCatalog
    let pending: any PendingAuthorizationStore
    let codes: any AuthorizationCodeStore
    let consents: any ConsentStore
    let profiles: ProfileService
    let claimSealing: ClaimSealing
    let acting: OrganisationActing
    /// Derives the `id` of the `organisation` claim.
    let organisationIDs: PairwiseSubject
    let issuer: String
    /// The highest level a login here reaches (``ReachableLevels``). A request for more fails
    /// with `unmet_authentication_requirements` instead of looping through the login page.
    let reachableLevel: TrustLevel
    let now: @Sendable () -> Date
    /// Asks for a terms version that took effect since the account last accepted one before
    /// the portal gets its answer (issue #19 item 1).
    let terms: TermsService

    /// Answers `authorization` for the browser of `context`.
    ///
    /// - Parameter handle: the stored request's handle; `nil` for a request just received,
    ///   which is stored only when the user must interact.
    func proceed(_ authorization: ValidatedAuthorizationRequest, handle: String?, _ request: Request,
                 context: PforteRequestContext) async throws -> Response {
        let session = context.session
        var consent: ConsentRecord?
        if let session {
            consent = try await consents.find(accountID: session.accountID.description, clientID: authorization.clientID)
        }
        let step: AuthorizationStep
        do {
            step = try AuthorizationStep.next(for: authorization, session: session.map(Self.state), consentedClaims: consent?.claims,
                                             reachableLevel: reachableLevel, now: now())
        } catch {
            if let handle { _ = try await finish(handle) }
            context.logger.info("authorization refused", metadata: ["client_id": "\(authorization.clientID)", "error": "\(error.code.rawValue)"])
            return pages.redirect(authorization.response.location(error: error, issuer: issuer))
        }
        if let session, step != .login, try await !terms.pending(accountID: session.accountID.description).isEmpty {
            if authorization.prompts.contains(.none) {
                if let handle { _ = try await finish(handle) }
                let error = OAuthError(.interactionRequired, "the user must accept a new version of the terms of use")
                return pages.redirect(authorization.response.location(error: error, issuer: issuer))
            }
            let stored = try await stored(authorization, handle: handle)
            return pages.redirect(TermsPages.acceptance(continuing: "/authorize/continue?handle=\(stored)"))
        }
        switch step {
        case .login:
            // A request stored earlier (at consent) is stored again with the mark, under a new handle.
            let marked = authorization.sendingToLogin(from: session.map(Self.state)?.authenticationReference)
            if let handle, marked != authorization { _ = try await finish(handle) }
            let stored = try await stored(marked, handle: marked == authorization ? handle : nil)
            return pages.redirect("/login?continue=\(stored)" + (authorization.uiLocale.map { "&lang=\($0)" } ?? ""))
        case .consent:
            if handle == nil, let language = authorization.uiLocale {
                // The page's language comes from the request; `ui_locales` is passed on as `lang`.
                let stored = try await stored(authorization, handle: nil)
                return pages.redirect("/authorize/continue?handle=\(stored)&lang=\(language)")
            }
            let handle = try await stored(authorization, handle: handle)
            guard let client = try await clients.find(clientID: authorization.clientID) else { return failurePage(request, reason: "unknownClient") }
            return ConsentEndpoint.page(pages: pages, request, client: client.registration, authorization: authorization, handle: handle)
        case .issueCode:
            // session is non-nil here: the step is issueCode only with a session.
            guard let session else { return pages.redirect("/login") }
            if authorization.scopes.contains(.organisation), authorization.acting == nil {
                let options = try await acting.options(session)
                if !options.isEmpty {
                    guard !authorization.prompts.contains(.none) else {
                        if let handle { _ = try await finish(handle) }
                        let error = OAuthError(.interactionRequired, "the user must choose in whose name they act")
                        return pages.redirect(authorization.response.location(error: error, issuer: issuer))
                    }
                    let handle = try await stored(authorization, handle: handle)
                    guard let target = try await actingTarget(authorization, handle: handle) else { return failurePage(request, reason: "unknownClient") }
                    return acting.choicePage(request, options: options, target: target)
                }
            }
            let organisation: OrganisationClaim?
            switch try await acting.release(for: authorization.acting, relyingParty: authorization.clientID, session: session) {
            case .person: organisation = nil
            case .organisation(let released): organisation = try await claim(released, clientID: authorization.clientID)
            case .refused:
                if let handle { _ = try await finish(handle) }
                return acting.refusedPage(request)
            }
            if let handle, try await finish(handle) == nil { return failurePage(request, reason: "expired") }
            let code = try await issueCode(authorization, session: session, organisation: organisation)
            context.logger.info("authorization code issued", metadata: ["client_id": "\(authorization.clientID)"])
            return pages.redirect(authorization.response.location(code: code, issuer: issuer))
        }
    }

    /// The stored request of `handle`, if it is live.
    func find(_ handle: String) async throws -> ValidatedAuthorizationRequest? {
        guard let digest = Self.digest(handle), let record = try await pending.find(handleDigest: digest, kind: .pending, now: now()) else { return nil }
        return try ValidatedAuthorizationRequest(jsonDocument: record.request)
    }

    /// Removes the stored request of `handle`, returning it when it was still live.
    func finish(_ handle: String) async throws -> ValidatedAuthorizationRequest? {
        guard let digest = Self.digest(handle), let record = try await pending.finish(handleDigest: digest, kind: .pending, now: now()) else { return nil }
        return try ValidatedAuthorizationRequest(jsonDocument: record.request)
    }

    /// The pushed request (RFC 9126) of `handle`, removed so it works once.
    func takePushed(_ handle: String) async throws -> ValidatedAuthorizationRequest? {
        guard let digest = Self.digest(handle), let record = try await pending.finish(handleDigest: digest, kind: .pushed, now: now()) else {
            return nil
        }
        return try ValidatedAuthorizationRequest(jsonDocument: record.request)
    }

    /// A page instead of a redirect: the request cannot be answered to its client
    /// (``AuthorizationError/untrustedRedirect(_:)``) or is no longer known.
    func failurePage(_ request: Request, reason: String) -> Response {
        pages.message(request, page: "authorization-error", status: .badRequest, heading: "authorize.error.title",
                      paragraphs: ["authorize.error.\(reason)"], link: (href: "/", text: "authorize.error.link"))
    }

    /// Parks `authorization` under a new one-time handle (a request received by POST, continued
    /// by GET).
    func park(_ authorization: ValidatedAuthorizationRequest) async throws -> String {
        try await stored(authorization, handle: nil)
    }

    private func stored(_ authorization: ValidatedAuthorizationRequest, handle: String?) async throws -> String {
        if let handle { return handle }
        let handle = BearerHandle.make()
        let now = now()
        try await pending.create(PendingAuthorizationRecord(
            handleDigest: Self.digest(handle)!, request: authorization.jsonDocument(),
            createdAt: now, expiresAt: now.addingTimeInterval(BearerHandle.pendingRequestLifetime)
        ))
        return handle
    }

    /// Issues a code for the session. The claim values are read from the profile now, while
    /// the session can open it, and sealed under the code for the token endpoint.
    private func issueCode(_ authorization: ValidatedAuthorizationRequest, session: AuthenticatedSession,
                           organisation: OrganisationClaim?) async throws -> String {
        let profile = try await profiles.profile(of: session)
        var claims = UserClaims(profile: profile.profile, email: profile.email, emailVerified: profile.isEmailVerified,
                                trustLevel: session.trustLevel, scopes: authorization.scopes)
        claims.organisation = organisation
        let code = BearerHandle.make()
        let now = now()
        try await codes.issue(AuthorizationCodeRecord(
            digest: Self.digest(code)!, grantID: RandomToken.make(), clientID: authorization.clientID, accountID: session.accountID.description,
            grant: CodeGrant(request: authorization, session: Self.state(session)).jsonDocument(),
            sealedClaims: try claimSealing.seal(claims, credential: .authorizationCode, value: code),
            createdAt: now, expiresAt: now.addingTimeInterval(BearerHandle.codeLifetime)
        ))
        return code
    }

    /// Where the acting page of `authorization` posts; `nil` when its client is gone.
    func actingTarget(_ authorization: ValidatedAuthorizationRequest, handle: String) async throws -> OrganisationActing.Target? {
        guard let client = try await clients.find(clientID: authorization.clientID) else { return nil }
        return OrganisationActing.Target(action: "/authorize/acting", handle: handle, relyingParty: authorization.clientID,
                                         serviceName: client.registration.name, formRedirect: authorization.response.redirectURI)
    }

    private func claim(_ organisation: ReleasedOrganisation, clientID: String) async throws -> OrganisationClaim? {
        guard let client = try await clients.find(clientID: clientID) else { return nil }
        return OrganisationClaim(
            id: organisationIDs.subject(accountID: organisation.id, client: client.registration), name: organisation.profile.name.value,
            legalForm: organisation.profile.legalForm.rawValue, role: organisation.role.rawValue
        )
    }

    static func digest(_ handle: String) -> SecretDigest? {
        BearerHandle.digest(of: handle).flatMap { try? SecretDigest($0) }
    }

    static func state(_ session: AuthenticatedSession) -> AuthenticationState {
        AuthenticationState(
            accountID: session.accountID.description, trustLevel: session.trustLevel, methods: session.methods.map(\.rawValue),
            authTime: session.authTime, sessionReference: session.sessionReference
        )
    }
}
