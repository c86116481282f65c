import Foundation
import PforteOIDC
import PforteStore

/// The consents an account granted, as the account page lists them, and their withdrawal:
/// withdrawing also revokes the client's refresh and access tokens for the account (issue #4),
/// so the client's access ends with the consent, not when its tokens expire.
struct GrantedConsents: Sendable {
    struct Entry: Sendable {
        let clientID: String
        let clientName: String
        let claims: Set<String>
        let grantedAt: Date
    }

    let consents: any ConsentStore
    let refreshTokens: any RefreshTokenStore
    let clients: ClientCatalog
    let now: @Sendable () -> Date

    func list(accountID: String) async throws -> [Entry] {
        var entries: [Entry] = []
        for consent in try await consents.list(accountID: accountID) {
            // A removed client's consent is still shown, by id, so it can be withdrawn.
            let name = try await clients.find(clientID: consent.clientID)?.registration.name ?? consent.clientID
            entries.append(Entry(clientID: consent.clientID, clientName: name, claims: consent.claims, grantedAt: consent.grantedAt))
        }
        return entries
    }

    /// Returns whether there was a consent to withdraw.
    func withdraw(accountID: String, clientID: String) async throws -> Bool {
        let existed = try await consents.delete(accountID: accountID, clientID: clientID)
        try await refreshTokens.revokeAll(accountID: accountID, clientID: clientID, now: now())
        return existed
    }
}
