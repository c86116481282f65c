import Foundation
import PforteSAML
import PforteStore

/// The SAML side of the account page's consents: what each SP may receive, named as people
/// read it, and withdrawing it (the next login for the SP asks again).
struct SAMLGrantedConsents: Sendable {
    struct Entry: Sendable {
        let entityID: String
        let name: String
        /// Attribute friendly names, in the attribute profile's order.
        let attributes: [String]
    }

    let consents: any SAMLConsentStore
    let registry: RelyingPartyRegistry

    func list(accountID: String, language: String) async throws -> [Entry] {
        try await consents.list(accountID: accountID).map { consent in
            Entry(
                // An SP no longer trusted keeps its entry, by entityID, so it can be withdrawn.
                entityID: consent.relyingParty,
                name: registry.serviceProvider(consent.relyingParty)?.displayName(language: language) ?? consent.relyingParty,
                attributes: AttributeProfile.all.map(\.friendlyName).filter(consent.attributes.contains)
            )
        }
    }

    /// Returns whether there was a consent to withdraw.
    func withdraw(accountID: String, entityID: String) async throws -> Bool {
        try await consents.delete(accountID: accountID, relyingParty: entityID)
    }
}
