public import Foundation

/// What a user allowed an SP to receive, before the first release of attributes (issue 5).
///
/// Shaped like the OIDC provider's consent records (relying party id, names released), so
/// both can become one store with one account page: for SAML the relying party is the SP's
/// entityID and the names are attribute friendly names.
public struct SAMLConsentRecord: Sendable, Equatable {
    public var accountID: String
    /// The SP's entityID.
    public var relyingParty: String
    /// The attribute (friendly) names consented to.
    public var attributes: Set<String>
    public var grantedAt: Date

    public init(accountID: String, relyingParty: String, attributes: Set<String>, grantedAt: Date) {
        self.accountID = accountID
        self.relyingParty = relyingParty
        self.attributes = attributes
        self.grantedAt = Date(unixSeconds: grantedAt.unixSeconds)
    }
}

/// Consents per (account, SP): the consent page appears only when an SP is to receive more
/// than the user already allowed. Deleting the account deletes them.
public protocol SAMLConsentStore: Sendable {
    /// Records the consent, replacing an earlier one of the same account and SP. Throws
    /// ``AccountStoreError/Code/accountNotFound`` when there is no such account.
    func save(_ consent: SAMLConsentRecord) async throws

    func find(accountID: String, relyingParty: String) async throws -> SAMLConsentRecord?

    /// The account's consents, by SP (for the account page).
    func list(accountID: String) async throws -> [SAMLConsentRecord]

    /// Withdraws a consent; the next login for the SP asks again. Returns whether there was one.
    @discardableResult
    func delete(accountID: String, relyingParty: String) async throws -> Bool
}
