import Foundation
import PforteConfiguration
import PforteCrypto
import PforteFederation
import PforteSAML

/// Builds the federation with other Länder (issue #7) from the registry's Länder, the SAML key
/// and the installation secret.
enum FederationSetup {
    static func serviceProvider(_ configuration: PforteConfig, keys: LoadedKeySet) throws -> FederationServiceProvider {
        try FederationServiceProvider(publicURL: configuration.effectivePublicURL, keys: keys.saml)
    }

    static func services(
        _ configuration: PforteConfig, registry: RelyingPartyRegistry, keys: LoadedKeySet, installationSecret: InstallationSecret,
        saml: SAMLServices, singleSignOn: SAMLSingleSignOn, singleLogout: SAMLSingleLogout, authorizations: AuthorizationFlow, dependencies: AccountPageDependencies
    ) throws -> FederationServices {
        let serviceProvider = try serviceProvider(configuration, keys: keys)
        return FederationServices(
            serviceProvider: serviceProvider, registry: registry,
            validator: ResponseValidator(serviceProvider: serviceProvider, policy: ResponsePolicy(
                maximumAge: TimeInterval(configuration.saml.requestMaxAgeSeconds),
                clockSkew: TimeInterval(configuration.saml.clockSkewSeconds)
            )),
            subjectKey: installationSecret.key(for: "federation-subject"),
            saml: saml, singleSignOn: singleSignOn, singleLogout: singleLogout, authorizations: authorizations, dependencies: dependencies
        )
    }
}
