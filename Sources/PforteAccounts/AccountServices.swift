public import Foundation
public import PforteCrypto
public import PforteMail
public import PforteStore

/// The account flows of design §4 as application services, without HTTP: the web layer and
/// the command line call them and render the outcome.
///
/// Each flow is a small service over one shared environment (stores, outbox, settings, clock,
/// installation keys). All of them are values and `Sendable`; build one `AccountServices` at
/// start-up and share it.
///
/// - Important: Registration, login, reset, recovery and deletion run Argon2id synchronously
///   (up to three times per call, ``PasswordHasher``). Call them off the event loop and bound
///   how many run at once.
public struct AccountServices: Sendable {
    public let registration: RegistrationService
    public let login: LoginService
    /// Sessions of people with another Land's account (issue #7).
    public let federatedLogin: FederatedLoginService
    public let sessions: SessionService
    /// The citizen's security view (issue #18): sessions and login history.
    public let security: SecurityService
    public let passwordReset: PasswordResetService
    /// The unlock link after too many failed attempts in a row (issue #18).
    public let unlock: AccountUnlockService
    public let recovery: RecoveryService
    public let emailChange: EmailChangeService
    public let profiles: ProfileService
    public let deletion: AccountDeletionService
    /// The password and the secret question changed while logged in (issue #19).
    public let credentialChange: CredentialChangeService
    public let administration: AccountAdministration
    /// Organisation accounts (issue 8): creation, overview, release switch, deletion.
    public let organisations: OrganisationService
    /// Invitations, confirmation, revocation, promotion, leaving.
    public let memberships: MembershipService
    /// What a relying portal may learn about the organisations a session can act for.
    public let organisationRelease: OrganisationReleaseService
    /// Servicekonto Plus (issue 6): login by eID pseudonym, registration, upgrade, data sync,
    /// deactivation and re-linking.
    public let eID: EIDAccountService
    /// The steps of the AusweisApp flow, kept in the store between its callers.
    public let eIDTransactions: EIDTransactions
    /// Terms of use and organisation consent versions: acceptance and announcements (issue #19).
    public let terms: TermsService
    /// Delivers the durable outbox through the transport; the server runs it in the background.
    public let mailDispatcher: MailDispatcher
    /// The service desk (issue #22): look-up, locks and the other actions, with the audit trail.
    public let serviceDesk: ServiceDeskService
    /// The service desk's own accounts and their console login with a second factor.
    public let staff: StaffService

    /// - Parameters:
    ///   - installationSecret: the installation's secret (``PforteCrypto/KeyDirectory/installationSecret()``),
    ///     identical on every node: it keys the digests of session ids and links, the throttle
    ///     keys of login names and client addresses, and seals secret questions (see
    ///     ``InstallationKeys``). Losing it makes every session, link and secret question
    ///     unreadable; passwords and profiles are unaffected.
    ///   - now: the clock, injectable for tests.
    /// - Throws: ``PforteCrypto/PasswordHashingError`` if the reference hash for unknown
    ///   addresses cannot be computed.
    public init(
        configuration: AccountServicesConfiguration,
        accounts: any AccountStore,
        sessions: any SessionStore,
        loginHistory: any LoginHistoryStore,
        terms termsStore: any TermsStore,
        mailTokens: any MailTokenStore,
        throttles: any ThrottleStore,
        organisationStores: OrganisationStores,
        serviceDeskStores: ServiceDeskStores,
        mailQueue: any MailQueueStore,
        outbox: any Outbox,
        mailDelivery: MailDelivery,
        installationSecret: InstallationSecret,
        now: @escaping @Sendable () -> Date = Date.init
    ) throws {
        let hasher = PasswordHasher(parameters: configuration.argon2)
        let keys = InstallationKeys(installationSecret)
        // The sender works out queued reset requests with the reset service, whose queueing
        // in turn may call the sender at once: the sender is bound once both exist.
        let lateDispatcher = LateBound<MailDispatcher>()
        let queue = MailQueue(store: mailQueue, keys: keys, node: RandomToken.make(), afterQueueing: {
            // What fails stays queued for the server's sender; its log and metrics report it.
            if case .immediate = mailDelivery { _ = try? await lateDispatcher.value?.deliverDue() }
        })
        let environment = AccountEnvironment(
            configuration: configuration, accounts: accounts, sessions: sessions, loginHistory: loginHistory, terms: termsStore, mailTokens: mailTokens,
            throttles: throttles, organisations: organisationStores.organisations,
            invitations: organisationStores.invitations, sealingKeys: organisationStores.sealingKeys,
            eIDLinks: organisationStores.eIDLinks, eIDTransactions: organisationStores.eIDTransactions,
            serviceDesk: serviceDeskStores, mail: queue, keys: keys,
            credentials: AccountCredentials(hasher: hasher),
            mails: AccountMails(sender: configuration.sender, baseURL: configuration.publicBaseURL),
            now: now, unknownAccountHash: try AccountCredentials.unknownAccountHash(hasher)
        )
        registration = RegistrationService(environment: environment)
        login = LoginService(environment: environment)
        federatedLogin = FederatedLoginService(environment: environment)
        self.sessions = SessionService(environment: environment)
        security = SecurityService(environment: environment)
        passwordReset = PasswordResetService(environment: environment)
        unlock = AccountUnlockService(environment: environment)
        mailDispatcher = MailDispatcher(
            queue: queue, transport: outbox, policy: configuration.mailDelivery, now: now, resetRequests: passwordReset.issueReset
        )
        lateDispatcher.bind(mailDispatcher)
        recovery = RecoveryService(environment: environment)
        emailChange = EmailChangeService(environment: environment)
        profiles = ProfileService(environment: environment)
        deletion = AccountDeletionService(environment: environment)
        credentialChange = CredentialChangeService(environment: environment)
        administration = AccountAdministration(environment: environment)
        organisations = OrganisationService(environment: environment)
        memberships = MembershipService(environment: environment)
        organisationRelease = OrganisationReleaseService(environment: environment)
        eID = EIDAccountService(environment: environment)
        eIDTransactions = EIDTransactions(environment: environment)
        terms = TermsService(environment: environment)
        serviceDesk = ServiceDeskService(environment: environment)
        staff = StaffService(environment: environment)
    }

    /// The services over the SQL stores of `store`.
    public init(
        configuration: AccountServicesConfiguration,
        store: SQLStore,
        outbox: any Outbox,
        mailDelivery: MailDelivery = .immediate,
        installationSecret: InstallationSecret,
        now: @escaping @Sendable () -> Date = Date.init
    ) throws {
        try self.init(
            configuration: configuration, accounts: SQLAccountStore(store: store), sessions: SQLSessionStore(store: store),
            loginHistory: SQLLoginHistoryStore(store: store), terms: SQLTermsStore(store: store),
            mailTokens: SQLMailTokenStore(store: store), throttles: SQLThrottleStore(store: store),
            organisationStores: OrganisationStores(
                organisations: SQLOrganisationStore(store: store), invitations: SQLInvitationStore(store: store),
                sealingKeys: SQLAccountSealingKeyStore(store: store),
                eIDLinks: SQLEIDLinkStore(store: store), eIDTransactions: SQLEIDTransactionStore(store: store)
            ),
            serviceDeskStores: ServiceDeskStores(
                desk: SQLServiceDeskStore(store: store), staff: SQLStaffStore(store: store),
                consents: SQLConsentStore(store: store), samlConsents: SQLSAMLConsentStore(store: store)
            ),
            mailQueue: SQLMailQueueStore(store: store), outbox: outbox, mailDelivery: mailDelivery,
            installationSecret: installationSecret, now: now
        )
    }
}

/// The stores of organisation accounts and of the eID links, passed together.
public struct OrganisationStores: Sendable {
    public let organisations: any OrganisationStore
    public let invitations: any InvitationStore
    public let sealingKeys: any AccountSealingKeyStore
    public let eIDLinks: any EIDLinkStore
    public let eIDTransactions: any EIDTransactionStore

    public init(organisations: any OrganisationStore, invitations: any InvitationStore, sealingKeys: any AccountSealingKeyStore,
                eIDLinks: any EIDLinkStore, eIDTransactions: any EIDTransactionStore) {
        self.organisations = organisations
        self.invitations = invitations
        self.sealingKeys = sealingKeys
        self.eIDLinks = eIDLinks
        self.eIDTransactions = eIDTransactions
    }
}

/// The stores of the service desk (issue #22), and the consent stores its look-up reads.
public struct ServiceDeskStores: Sendable {
    public let desk: any ServiceDeskStore
    public let staff: any StaffStore
    public let consents: any ConsentStore
    public let samlConsents: any SAMLConsentStore

    public init(desk: any ServiceDeskStore, staff: any StaffStore, consents: any ConsentStore, samlConsents: any SAMLConsentStore) {
        self.desk = desk
        self.staff = staff
        self.consents = consents
        self.samlConsents = samlConsents
    }
}
