import Foundation
import PforteAccounts
import PforteCore
import PforteConfiguration
import PforteCrypto
import PforteSAML
import PforteStore

/// Builds the SAML IdP from the configuration, the key directory and the registry of SPs.
enum SAMLSetup {
    static func services(
        _ configuration: PforteConfig, keys: LoadedKeySet, installationSecret: InstallationSecret, store: SQLStore,
        accounts: AccountServices, pages: Pages, sessionEndNotifier: any SessionEndNotifier,
        registry: RelyingPartyRegistry, reachableByLogin: [TrustLevel] = [.normal], now: @escaping @Sendable () -> Date
    ) throws -> SAMLServices {
        SAMLServices(
            identityProvider: try IdentityProvider(publicURL: configuration.effectivePublicURL, keys: keys.saml),
            registry: registry,
            policy: policy(configuration),
            nameIDs: NameIDIssuer(installationSecret: installationSecret),
            pending: SQLSAMLPendingStore(store: store),
            participants: SQLSAMLParticipantStore(store: store),
            consents: SQLSAMLConsentStore(store: store),
            oneTimeIdentifiers: SQLOneTimeIdentifierStore(store: store),
            accounts: accounts,
            pages: pages,
            postForms: SAMLPostFormPage(pages: pages),
            sessionEndNotifier: sessionEndNotifier,
            reachableByLogin: reachableByLogin,
            now: now
        )
    }

    static func policy(_ configuration: PforteConfig) -> MessagePolicy {
        MessagePolicy(
            maximumAge: TimeInterval(configuration.saml.requestMaxAgeSeconds),
            clockSkew: TimeInterval(configuration.saml.clockSkewSeconds),
            assertionLifetime: TimeInterval(configuration.saml.assertionLifetimeSeconds)
        )
    }
}
