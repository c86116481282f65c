import Foundation
import PforteAccounts
import PforteCore
import PforteConfiguration
import PforteCrypto
import PforteSAML
import PforteStore

/// Builds the SAML IdP from the configuration, the key directory and the SP metadata files.
enum SAMLSetup {
    static func services(
        _ configuration: PforteConfig, keys: LoadedKeySet, installationSecret: InstallationSecret, store: SQLStore,
        accounts: AccountServices, pages: Pages, sessionEndNotifier: any SessionEndNotifier,
        federationProviders: [ServiceProvider] = [], reachableByLogin: [TrustLevel] = [.normal], now: @escaping @Sendable () -> Date
    ) throws -> SAMLServices {
        // The Länder's SPs (metadata/federation/) are served like the portals' (issue #7).
        let providers = try ServiceProviderFiles.load(directory: ServiceProviderFiles.directory(configuration), now: now()) + federationProviders
        if let twice = Dictionary(grouping: providers, by: \.entityID).first(where: { $0.value.count > 1 })?.key {
            throw ConfigurationError(key: "entityID", source: .file(path: configuration.paths.metadata, line: nil),
                                     reason: "\(twice) is trusted twice (sp/ and federation/)")
        }
        return SAMLServices(
            identityProvider: try IdentityProvider(publicURL: configuration.effectivePublicURL, keys: keys.saml),
            serviceProviders: Dictionary(uniqueKeysWithValues: providers.map { ($0.entityID, $0) }),
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
