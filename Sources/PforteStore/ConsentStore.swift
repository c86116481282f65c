public import Foundation

/// What a user allowed a client to receive.
public struct ConsentRecord: Sendable, Equatable {
    public var accountID: String
    public var clientID: String
    /// The claim names consented to.
    public var claims: Set<String>
    public var grantedAt: Date

    public init(accountID: String, clientID: String, claims: Set<String>, grantedAt: Date) {
        self.accountID = accountID
        self.clientID = clientID
        self.claims = claims
        self.grantedAt = Date(unixSeconds: grantedAt.unixSeconds)
    }
}

/// Consents remembered per (account, client), so the consent page appears only when a client
/// asks for more than the user already allowed. Deleting the account deletes them.
public protocol ConsentStore: Sendable {
    /// Records the consent, replacing an earlier one of the same account and client.
    /// Throws ``AccountStoreError/Code/accountNotFound`` when there is no such account.
    func save(_ consent: ConsentRecord) async throws

    func find(accountID: String, clientID: String) async throws -> ConsentRecord?

    /// The account's consents, by client id (the account page).
    func list(accountID: String) async throws -> [ConsentRecord]

    /// Withdraws a consent; returns whether there was one. The caller revokes the client's
    /// tokens (``RefreshTokenStore/revokeAll(accountID:clientID:now:)``).
    @discardableResult
    func delete(accountID: String, clientID: String) async throws -> Bool
}
