import Foundation
public import Hummingbird
public import Logging
public import PforteConfiguration
public import PforteAccounts
import PforteCore
import PforteCrypto
import PforteEID
import PforteOIDC
public import PforteStore
public import Prometheus

/// The composition root: everything `pforte serve` runs is wired here, and tests build the
/// application through the same function, so production and test wiring are one code path.
public enum PforteApplication {
    /// Opens and migrates the store, makes sure signing keys exist, and builds the HTTP
    /// application. Nothing listens until the returned application runs.
    ///
    /// Throws ``ConfigurationError`` for an invalid OIDC client file, which `pforte serve`
    /// reports like any refused setting, and ``InstallationRefusal`` for keys that are
    /// incomplete or belong to another installation than the store.
    ///
    /// - Parameters:
    ///   - metrics: the registry `/metrics` renders; the caller bootstraps swift-metrics
    ///     with it (a process-wide, once-only step that tests skip).
    ///   - eID: an eID service to use instead of the one `eid.*` configures (tests script the
    ///     eID-Server with it). With either, the login reaches trust level `hoch` (issue 6) and
    ///     the pages offer the Online-Ausweis.
    ///   - clock: the time every rule of the application reads; tests pass a settable one.
    ///   - mailDelivery: `.background` (the server: requests only queue mail, the sender
    ///     service delivers it) or `.immediate` (router tests that read the mail a request
    ///     caused without running the application's services).
    public static func build(
        configuration: PforteConfig,
        store: SQLStore,
        metrics: PrometheusCollectorRegistry,
        logger: Logger,
        eID: EIDConnection? = nil,
        clock: PforteClock = .system,
        mailDelivery: MailDelivery = .background
    ) async throws -> some ApplicationProtocol {
        let keys = KeyDirectory(url: URL(fileURLWithPath: configuration.paths.keys))
        let installation = InstallationCheck(
            keys: keys, installations: SQLInstallationStore(store: store),
            certificateSubject: configuration.effectivePublicURL.host ?? "pforte", logger: logger, now: clock.now
        )
        // Keys are checked (and generated where allowed) before the store is migrated, so a
        // refused start leaves the database as it was.
        let ours = try await installation.prepare()
        try await Migrator(store: store, logger: logger).migrate()
        try await installation.record(ours)
        let keySet = try keys.loadKeySet()
        logger.info("signing keys ready", metadata: ["keys": .array(ours.keyIDs.map { .string($0) })])
        let installationSecret = try keys.installationSecret()
        // Loaded here only to refuse a bad client file or a clash with the store at start,
        // not at the first login of a client.
        let clients = try await ClientCatalog.load(configuration, store: SQLClientStore(store: store))
        let clientIDs = try await clients.all().map { Logger.MetadataValue.string($0.registration.clientID) }
        logger.info("oidc clients ready", metadata: ["clients": .array(clientIDs)])

        let resources = Bundle.module.url(forResource: "Resources", withExtension: nil)!
        let secureCookies = configuration.effectivePublicURL.scheme == "https"
        let branding = try Branding(configuration.branding)
        let renderer = try await PageRenderer(resources: resources, secureCookies: secureCookies, branding: branding)

        let outbox = try MailSetup.outbox(configuration, logger: logger)
        let accounts = try AccountSetup.services(configuration, store: store, outbox: outbox, delivery: mailDelivery, now: clock.now)
        // Read now, so a missing list stops the start rather than the first registration.
        logger.info("password screening ready", metadata: ["common_passwords": "\(CommonPasswords.count)"])
        let cookies = CookiePolicy(secure: secureCookies)
        let publicURL = configuration.effectivePublicURL
        let pages = Pages(
            renderer: renderer,
            csrf: CSRFProtection(
                key: installationSecret.key(for: "csrf"), cookies: cookies,
                expectedOrigin: Self.origin(of: publicURL)
            ),
            cookies: cookies
        )

        let router = Router(context: PforteRequestContext.self)
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: ClientAddressMiddleware(trustedProxyHops: configuration.server.trustedProxyHops))
        router.add(middleware: SecurityHeadersMiddleware(strictTransportSecurity: secureCookies))
        router.add(middleware: AccessLogMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: PathNormalisationMiddleware())
        HealthController(store: store, timeout: .seconds(configuration.server.readinessTimeoutSeconds)).register(on: router)
        MetricsController(registry: metrics).register(on: router)
        CSPReportController().register(on: router)
        let metadata = ProviderMetadata(publicURL: configuration.effectivePublicURL)
        DiscoveryController(metadata: metadata, keys: PublishedKeys(keySet)).register(on: router)
        let accountPages = router.group()
            .add(middleware: PageFailureMiddleware(pages: pages))
            .add(middleware: SessionMiddleware(sessions: accounts.sessions, cookies: cookies, now: clock.now))
        try HomeController(pages: pages, resources: resources, branding: branding).register(on: router, pages: accountPages)
        try ContentPages(pages: pages, legalDirectory: URL(fileURLWithPath: configuration.paths.legal), resources: resources,
                         logger: logger).register(on: accountPages)
        let eid = try EIDSetup.make(configuration, logger: logger)
        let eIDConnection = eID ?? eid.map { EIDConnection(connector: $0.connector, fallbackServerAddress: $0.fallbackServerAddress) }
        let dependencies = AccountPageDependencies(
            pages: pages, services: accounts, passwordWork: .forThisMachine(),
            idleTimeoutMinutes: (configuration.sessions.idleTimeoutSeconds + 59) / 60,
            sessionCookieMaxAge: configuration.sessions.maxLifetimeSeconds, eIDEnabled: eIDConnection != nil, now: clock.now
        )
        // The SPs and Länder of metadata/ and of the store (issue #21); a bad file refuses the start.
        let registry = RelyingPartyRegistry(
            documents: SQLMetadataDocumentStore(store: store), files: MetadataFileSource(configuration: configuration), logger: logger
        )
        try await registry.rereadFiles(now: clock.now())
        // The levels are fixed at start: a node started without Länder offers theirs after a restart.
        let reachableByLogin = ReachableLevels.levels(eID: eIDConnection != nil, lands: !registry.lands.isEmpty)
        let oidc = try await OIDCSetup(
            store: store, configuration: configuration, metadata: metadata, keySet: keySet, installationSecret: installationSecret,
            clients: clients, pages: pages, accounts: accounts, logger: logger, reachableLevel: reachableByLogin.max() ?? .normal, now: clock.now
        )
        let saml = try SAMLSetup.services(
            configuration, keys: keySet, installationSecret: installationSecret, store: store,
            accounts: accounts, pages: pages, sessionEndNotifier: BackChannelSessionEndNotifier(backChannel: oidc.backChannelLogout),
            registry: registry, reachableByLogin: reachableByLogin, now: clock.now
        )
        let singleSignOn = SAMLSingleSignOn(services: saml)
        let singleLogout = SAMLSingleLogout(services: saml)
        let federationFlow = FederationFlow(services: try FederationSetup.services(
            configuration, registry: registry, keys: keySet, installationSecret: installationSecret, saml: saml,
            singleSignOn: singleSignOn, singleLogout: singleLogout, authorizations: oidc.authorizations, dependencies: dependencies
        ))
        // Logouts reach the Land of a federated session first, then the SAML portals.
        let relyingParties = FederationLogout(services: federationFlow.services, inner: singleLogout)
        oidc.register(on: router, pages: accountPages, relyingParties: relyingParties)
        SAMLMetadataEndpoint(identityProvider: saml.identityProvider, now: clock.now).register(on: router)
        SAMLSSORedirectEndpoint(flow: singleSignOn).register(on: accountPages)
        SAMLSSOPostEndpoint(flow: singleSignOn).register(on: accountPages)
        SAMLContinueEndpoint(flow: singleSignOn).register(on: accountPages)
        SAMLConsentEndpoint(flow: singleSignOn).register(on: accountPages)
        SAMLActingEndpoint(flow: singleSignOn).register(on: accountPages)
        SAMLSLORedirectEndpoint(flow: singleLogout).register(on: accountPages)
        SAMLSLOPostEndpoint(flow: singleLogout).register(on: accountPages)
        LoginPages(dependencies: dependencies, authorizations: oidc.authorizations, singleSignOn: singleSignOn,
                   offersFederation: { !registry.lands.isEmpty })
            .register(on: accountPages)
        let sessionLogout = SessionLogout(sessions: accounts.sessions, backChannel: oidc.backChannelLogout, relyingParties: relyingParties)
        PersonSwitch(dependencies: dependencies, authorizations: oidc.authorizations, singleSignOn: singleSignOn, logout: sessionLogout)
            .register(on: accountPages)
        let securityPage = SecurityPage(dependencies: dependencies, logout: sessionLogout)
        securityPage.register(on: accountPages)
        CredentialChangePages(dependencies: dependencies, security: securityPage).register(on: accountPages)
        registerServiceDesk(on: router.group().add(middleware: PageFailureMiddleware(pages: pages)),
                            console: StaffConsole(pages: pages, services: accounts, backChannel: oidc.backChannelLogout))
        FederationMetadataEndpoint(serviceProvider: federationFlow.services.serviceProvider, now: clock.now).register(on: router)
        FederationLandsPage(flow: federationFlow).register(on: accountPages)
        FederationACSEndpoint(flow: federationFlow).register(on: accountPages)
        FederationConsent(flow: federationFlow).register(on: accountPages)
        relyingParties.register(on: accountPages)
        RegistrationPages(dependencies: dependencies).register(on: accountPages)
        TermsPages(dependencies: dependencies, documents: TermsDocuments(versionsFile: configuration.terms.versionsFile))
            .register(on: accountPages)
        let samlConsents = SAMLGrantedConsents(consents: saml.consents, registry: registry)
        AccountOverviewPage(dependencies: dependencies, consents: oidc.consents, samlConsents: samlConsents)
            .register(on: accountPages)
        ConsentWithdrawalPage(dependencies: dependencies, consents: oidc.consents, samlConsents: samlConsents)
            .register(on: accountPages)
        ProfilePage(dependencies: dependencies).register(on: accountPages)
        EmailChangePages(dependencies: dependencies).register(on: accountPages)
        PasswordResetPages(dependencies: dependencies).register(on: accountPages)
        UnlockPages(dependencies: dependencies).register(on: accountPages)
        AccountDeletionPage(dependencies: dependencies).register(on: accountPages)
        OrganisationListPage(dependencies: dependencies).register(on: accountPages)
        OrganisationCreationPage(dependencies: dependencies).register(on: accountPages)
        InvitationPage(dependencies: dependencies).register(on: accountPages)
        OrganisationPage(dependencies: dependencies).register(on: accountPages)
        OrganisationEditPage(dependencies: dependencies).register(on: accountPages)
        OrganisationMemberActions(dependencies: dependencies).register(on: accountPages)
        OrganisationDeletionPage(dependencies: dependencies).register(on: accountPages)
        if let eID = eIDConnection {
            let flow = EIDFlow(connector: eID.connector, fallbackServerAddress: eID.fallbackServerAddress, publicURL: publicURL,
                               dependencies: dependencies)
            EIDStartEndpoint(flow: flow, authorizations: oidc.authorizations).register(on: accountPages)
            EIDTCTokenEndpoint(flow: flow).register(on: accountPages)
            EIDRefreshEndpoint(flow: flow).register(on: accountPages)
            EIDFinishEndpoint(flow: flow).register(on: accountPages)
            EIDUnknownCardPages(flow: flow).register(on: accountPages)
            EIDAccountPage(dependencies: dependencies).register(on: accountPages)
        }

        return Application(
            router: router,
            server: RequestHeadLimit.server,
            configuration: .init(address: .hostname(configuration.server.host, port: configuration.server.port), serverName: nil),
            services: [
                StoreService(store: store),
                RetentionService(
                    administration: accounts.administration, terms: accounts.terms, oidc: oidc.retention,
                    interval: .seconds(configuration.retention.intervalMinutes * 60), logger: logger, now: clock.now
                ),
                oidc.backChannelLogoutService,
                MailDispatchService(dispatcher: accounts.mailDispatcher, metrics: MailQueueMetrics(registry: metrics),
                                    logger: logger, now: clock.now),
                SAMLRetentionService(
                    services: saml, interval: .seconds(configuration.retention.intervalMinutes * 60), logger: logger
                ),
                RelyingPartyRefreshService(
                    registry: registry, interval: .seconds(configuration.metadata.pollIntervalSeconds),
                    logger: logger, now: clock.now
                ),
                MetadataSourceService(
                    sources: SQLMetadataSourceStore(store: store),
                    refresh: MetadataSourceRefresh(
                        http: .shared, minimumInterval: TimeInterval(configuration.metadata.minimumRefreshSeconds), logger: logger
                    ),
                    registry: registry, metrics: metrics, interval: .seconds(configuration.metadata.pollIntervalSeconds),
                    logger: logger, now: clock.now
                ),
            ] + (eid?.services ?? []),
            onServerRunning: { channel in
                logger.notice("listening", metadata: [
                    "address": "\(channel.localAddress?.description ?? "?")",
                    "public_url": "\(configuration.effectivePublicURL.absoluteString)",
                    "store": "\(store.kind.rawValue)",
                ])
            },
            logger: logger
        )
    }

    /// `scheme://host[:port]` as browsers send it in `Origin` (RFC 6454 §6.1): the port only
    /// when it is not the scheme's default.
    static func origin(of url: URL) -> String {
        let scheme = url.scheme ?? "http"
        let host = url.host ?? ""
        guard let port = url.port, port != (scheme == "https" ? 443 : 80) else { return "\(scheme)://\(host)" }
        return "\(scheme)://\(host):\(port)"
    }
}
