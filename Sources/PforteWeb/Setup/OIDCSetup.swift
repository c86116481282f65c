import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import PforteAccounts
import PforteConfiguration
import PforteCore
import PforteCrypto
import PforteOIDC
import PforteStore

/// Wires the OpenID Provider (issue #4): its stores, token issuing, client authentication and
/// endpoints, kept apart from the composition root so that it reads as one piece.
struct OIDCSetup: Sendable {
    let authorizations: AuthorizationFlow
    let consents: GrantedConsents
    let backChannelLogout: BackChannelLogout
    let backChannelLogoutService: BackChannelLogoutService
    let retention: OIDCRetention
    private let machineEndpoints: @Sendable (Router<PforteRequestContext>) -> Void
    private let pageEndpoints: @Sendable (RouterGroup<PforteRequestContext>, any RelyingPartySessions) -> Void

    init(store: SQLStore, configuration: PforteConfig, metadata: ProviderMetadata, keySet: LoadedKeySet,
         installationSecret: InstallationSecret, clients: ClientCatalog, pages: Pages, accounts: AccountServices,
         logger: Logger, reachableLevel: TrustLevel = .normal, now: @escaping @Sendable () -> Date) async throws {
        let signer = try await TokenSigner(keySet)
        let claimSealing = ClaimSealing(installationSecret: installationSecret)
        let issuer = TokenIssuer(metadata: metadata, signer: signer, subjects: PairwiseSubject(installationSecret: installationSecret))
        let accessTokens = SQLAccessTokenStore(store: store)
        let refreshTokens = SQLRefreshTokenStore(store: store)
        let codes = SQLAuthorizationCodeStore(store: store)
        let pending = SQLPendingAuthorizationStore(store: store)
        let consentStore = SQLConsentStore(store: store)
        let http = HTTPClient.shared
        let authenticator = ClientAuthenticator(
            clients: clients, usedAssertions: SQLOneTimeIdentifierStore(store: store), keyFetcher: ClientKeyFetcher(http: http),
            issuer: metadata.issuer, now: now
        )
        let minting = TokenMinting(issuer: issuer, claimSealing: claimSealing, now: now)
        let lookup = TokenLookup(signer: signer, issuer: metadata.issuer, accessTokens: accessTokens, refreshTokens: refreshTokens, now: now)
        let backChannel = BackChannelLogout(
            links: SQLSessionLinkStore(store: store), clients: clients, issuer: issuer, http: http, now: now, logger: logger
        )
        let authorizations = AuthorizationFlow(
            pages: pages, clients: clients, pending: pending, codes: codes, consents: consentStore, profiles: accounts.profiles,
            claimSealing: claimSealing,
            acting: OrganisationActing(pages: pages, release: accounts.organisationRelease),
            organisationIDs: PairwiseSubject(installationSecret: installationSecret, kind: .organisation),
            issuer: metadata.issuer, reachableLevel: reachableLevel, now: now, terms: accounts.terms
        )
        self.authorizations = authorizations
        consents = GrantedConsents(consents: consentStore, refreshTokens: refreshTokens, clients: clients, now: now)
        backChannelLogout = backChannel
        retention = OIDCRetention(pending: pending, codes: codes, accessTokens: accessTokens, refreshTokens: refreshTokens)
        backChannelLogoutService = BackChannelLogoutService(
            logout: backChannel, interval: .seconds(configuration.oidc.backchannelLogoutIntervalSeconds)
        )

        machineEndpoints = { router in
            TokenEndpoint(authenticator: authenticator, endpoint: metadata.tokenEndpoint, grants: [
                AuthorizationCodeGrant(codes: codes, claimSealing: claimSealing, minting: minting),
                RefreshTokenGrant(refreshTokens: refreshTokens, claimSealing: claimSealing, minting: minting,
                                  reuseGrace: TimeInterval(configuration.oidc.refreshTokenReuseGraceSeconds)),
                ClientCredentialsGrant(issuer: issuer, accessTokens: accessTokens, now: now),
            ]).register(on: router)
            UserInfoEndpoint(
                signer: signer, accessTokens: accessTokens, claimSealing: claimSealing, issuer: metadata.issuer,
                audience: metadata.userinfoEndpoint, now: now
            ).register(on: router)
            RevocationEndpoint(authenticator: authenticator, endpoint: metadata.revocationEndpoint, lookup: lookup).register(on: router)
            IntrospectionEndpoint(authenticator: authenticator, endpoint: metadata.introspectionEndpoint, lookup: lookup, issuer: issuer)
                .register(on: router)
            PushedAuthorizationEndpoint(
                authenticator: authenticator, endpoint: metadata.pushedAuthorizationRequestEndpoint, pending: pending, now: now
            ).register(on: router)
        }
        pageEndpoints = { router, relyingParties in
            AuthorizeEndpoint(flow: authorizations, signer: signer).register(on: router)
            AuthorizationContinueEndpoint(flow: authorizations).register(on: router)
            ConsentEndpoint(flow: authorizations).register(on: router)
            ActingEndpoint(flow: authorizations).register(on: router)
            LogoutEndpoint(
                pages: pages, clients: clients, signer: signer, issuer: metadata.issuer,
                logout: SessionLogout(sessions: accounts.sessions, backChannel: backChannel, relyingParties: relyingParties)
            ).register(on: router)
        }
    }

    /// Registers the machine endpoints on `router` and the browser endpoints, which need the
    /// session and page error handling, on `pages`. A logout also ends the session at
    /// `relyingParties` of the other protocol (SAML), which is built after this one because it
    /// notifies back-channel logout in turn.
    func register(on router: Router<PforteRequestContext>, pages: RouterGroup<PforteRequestContext>,
                  relyingParties: any RelyingPartySessions) {
        machineEndpoints(router)
        pageEndpoints(pages, relyingParties)
    }
}
