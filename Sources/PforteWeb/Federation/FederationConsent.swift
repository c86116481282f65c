import Foundation
import Hummingbird
import PforteAccounts
import PforteOIDC
import PforteSAML
import PforteStore

/// Consent before a Land's data reaches a portal (issue #7): the page shows exactly which
/// attributes, with their values, go to which portal. Allowing records the consent in the
/// protocol's own store — OIDC consents or SAML consents of the federated account — so it is
/// remembered per (Land account, portal), listed and withdrawable like any other; declining
/// ends the portal's request with `access_denied` or `RequestDenied`.
struct FederationConsent: Sendable {
    let flow: FederationFlow
    private var services: FederationServices { flow.services }

    /// One line of the page: what, and the value released.
    struct Item {
        let label: String
        let value: String
    }

    /// Whether the session must still consent for `target`.
    func needed(_ target: FederationTarget, session: AuthenticatedSession) async throws -> Bool {
        let accountID = session.accountID.description
        switch target {
        case .oidc(let handle):
            guard let authorization = try await services.authorizations.find(handle) else { return false }
            let consented = try await services.authorizations.consents.find(accountID: accountID, clientID: authorization.clientID)?.claims
            return !(consented.map(authorization.claims.isSubset(of:)) ?? false) || authorization.prompts.contains(.consent)
        case .saml(let handle):
            guard let (_, provider) = try? await services.singleSignOn.pendingRequest(handle) else { return false }
            let released = Set(provider.settings.attributes)
            guard !released.isEmpty else { return false }
            let consented = try await services.saml.consents.find(accountID: accountID, relyingParty: provider.entityID)?.attributes ?? []
            return !released.isSubset(of: consented)
        }
    }

    /// The values `target` would receive from the session's profile, in the page's language.
    func items(_ target: FederationTarget, session: AuthenticatedSession, _ request: Request) async throws -> [Item]? {
        let texts = services.pages.texts(request)
        let profile = try await services.dependencies.services.profiles.profile(of: session)
        switch target {
        case .oidc(let handle):
            guard let authorization = try await services.authorizations.find(handle) else { return nil }
            let claims = UserClaims(profile: profile.profile, email: profile.email, emailVerified: profile.isEmailVerified,
                                    trustLevel: session.trustLevel, scopes: authorization.scopes)
            let values = try JSONSerialization.jsonObject(with: JSONEncoder().encode(claims)) as? [String: Any] ?? [:]
            return Scope.allCases.flatMap(\.claims).filter(authorization.claims.contains).compactMap { claim in
                guard let value = values[claim] else { return nil }
                let text = (value as? [String: Any]).flatMap { $0["formatted"] as? String } ?? "\(value)"
                return Item(label: texts["consent.claim.\(claim)"],
                            value: claim == "email_verified" ? texts[text == "1" ? "federation.yes" : "federation.no"] : Self.displayed(text))
            }
        case .saml(let handle):
            guard let (_, provider) = try? await services.singleSignOn.pendingRequest(handle) else { return nil }
            return AttributeProfile.release(
                provider.settings.attributes, from: ReleasableAttributes(email: profile.email, profile: profile.profile)
            ).map { Item(label: texts["saml.attribute.\($0.0.friendlyName)"], value: Self.displayed($0.1)) }
        }
    }

    /// Dates as the other pages show them (17.05.1980, as on the ID card), not as the
    /// protocols carry them (1980-05-17); any other value as it is.
    static func displayed(_ value: String) -> String {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts[0].count == 4, parts.dropFirst().allSatisfy({ $0.count == 2 }),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return value }
        return parts.reversed().joined(separator: ".")
    }

    func register(on router: RouterGroup<PforteRequestContext>) {
        router.get("/federation/consent") { request, context in
            guard let target = Self.target(request.uri.queryParameters["continue"].map(String.init),
                                           request.uri.queryParameters["saml"].map(String.init)),
                  let session = context.session
            else { throw PageFailure.invalidLink }
            return try await render(target, session: session, request)
        }
        router.post("/federation/consent") { request, context in
            let form = try await services.pages.form(request)
            guard let target = Self.target(form.optional("continue"), form.optional("saml")), let session = context.session else {
                throw PageFailure.invalidLink
            }
            switch form["decision"] {
            case "allow":
                try await record(target, session: session, context)
                return services.pages.redirect(target.continuation)
            case "deny":
                context.logger.info("federated consent denied", metadata: ["account": "\(session.accountID)"])
                return try await flow.fail(target, .denied, request, context)
            default:
                throw PageFailure.invalidForm(.invalidEncoding)
            }
        }
    }

    private static func target(_ continueHandle: String?, _ samlHandle: String?) -> FederationTarget? {
        FederationTarget(continueHandle: continueHandle, samlHandle: samlHandle)
    }

    private func render(_ target: FederationTarget, session: AuthenticatedSession, _ request: Request) async throws -> Response {
        guard let portal = try await flow.portal(target, request), let items = try await items(target, session: session, request) else {
            throw PageFailure.invalidLink
        }
        let texts = services.pages.texts(request)
        var values: [String: Any] = [
            "intro": texts.format("federation.consent.intro", ["portal": portal.name]),
            "items": items.map { ["label": $0.label, "value": $0.value] },
        ]
        switch target {
        case .oidc(let handle): values["continueHandle"] = handle
        case .saml(let handle): values["samlHandle"] = handle
        }
        var response = services.pages.render("federation-consent", request, values: values)
        if let redirectURI = portal.redirectURI { response.allowFormRedirect(to: redirectURI) }
        return response
    }

    /// Stores the consent where the protocol's flow looks for it, and an audit line: who
    /// (the federated account), what, when, for which portal.
    private func record(_ target: FederationTarget, session: AuthenticatedSession, _ context: PforteRequestContext) async throws {
        let accountID = session.accountID.description
        let now = services.saml.now()
        switch target {
        case .oidc(let handle):
            guard let authorization = try await services.authorizations.find(handle) else { throw PageFailure.invalidLink }
            let consents = services.authorizations.consents
            let earlier = try await consents.find(accountID: accountID, clientID: authorization.clientID)?.claims ?? []
            try await consents.save(ConsentRecord(
                accountID: accountID, clientID: authorization.clientID, claims: earlier.union(authorization.claims), grantedAt: now
            ))
            context.logger.info("federated consent granted", metadata: [
                "account": "\(accountID)", "client_id": "\(authorization.clientID)",
                "claims": "\(authorization.claims.sorted().joined(separator: " "))",
            ])
        case .saml(let handle):
            let (_, provider) = try await services.singleSignOn.pendingRequest(handle)
            try await services.saml.consents.save(SAMLConsentRecord(
                accountID: accountID, relyingParty: provider.entityID, attributes: Set(provider.settings.attributes), grantedAt: now
            ))
            context.logger.info("federated consent granted", metadata: [
                "account": "\(accountID)", "sp": "\(provider.entityID)",
                "attributes": "\(provider.settings.attributes.joined(separator: " "))",
            ])
        }
    }
}
