import Crypto
import Foundation
import Hummingbird
import PforteAccounts
import PforteCore
import PforteFederation
import PforteOIDC
import PforteSAML
import PforteStore

/// What the federation endpoints share: our SP role, the Länder, and the OIDC and SAML flows
/// whose requests a federated login serves.
struct FederationServices: Sendable {
    let serviceProvider: FederationServiceProvider
    /// The Länder, current as the store's registry (issue #21).
    let registry: RelyingPartyRegistry
    let validator: ResponseValidator
    /// Derives federated account ids (``FederatedSubject``) from the installation secret.
    let subjectKey: SymmetricKey
    let saml: SAMLServices
    let singleSignOn: SAMLSingleSignOn
    let singleLogout: SAMLSingleLogout
    let authorizations: AuthorizationFlow
    let dependencies: AccountPageDependencies

    var pages: Pages { saml.pages }

    var lands: [Land] { registry.lands }

    func land(_ entityID: String) -> Land? {
        lands.first { $0.entityID == entityID }
    }

    func connector(_ land: Land) -> LandConnector {
        LandConnector(land: land, serviceProvider: serviceProvider)
    }
}

/// The portal request a federated login serves: a stored OIDC authorization request or a
/// parked SAML AuthnRequest, each by its handle.
enum FederationTarget: Codable, Sendable, Equatable {
    case oidc(handle: String)
    case saml(handle: String)

    /// From the login page's parameters; `nil` when neither names a live request's handle form.
    init?(continueHandle: String?, samlHandle: String?) {
        if let continueHandle, SAMLServices.isHandle(continueHandle) {
            self = .oidc(handle: continueHandle)
        } else if let samlHandle, SAMLServices.isHandle(samlHandle) {
            self = .saml(handle: samlHandle)
        } else {
            return nil
        }
    }

    /// Where the portal's request continues once the user is logged in and has consented.
    var continuation: String {
        switch self {
        case .oidc(let handle): "/authorize/continue?handle=\(handle)"
        case .saml(let handle): "/saml/continue?handle=\(handle)"
        }
    }

    /// The query that carries the target through the pages before the Land.
    var query: String {
        switch self {
        case .oidc(let handle): "continue=\(handle)"
        case .saml(let handle): "saml=\(handle)"
        }
    }
}

/// A login at a Land in progress, parked under the handle sent as RelayState.
struct FederationLogin: Codable, Sendable {
    let expected: ExpectedResponse
    let target: FederationTarget
    /// The level the portal needs (design §3).
    let requiredLevel: TrustLevel
    /// Whether this is already the one step-up request after a Land asserted too little.
    let isStepUp: Bool
    /// The digest of the browser's binding cookie (``FederationArrivals``).
    let browserBinding: String
}
