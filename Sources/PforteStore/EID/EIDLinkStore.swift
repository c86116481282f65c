public import Foundation

/// The link between an account and the eID pseudonym (RestrictedID) of the card it was verified
/// with (design §5: "The eID pseudonym (restricted ID) is stored only as a keyed hash and used
/// only for lookup"). One pseudonym per account and one account per pseudonym: a new card has
/// a new pseudonym, which replaces the old one (re-linking); deactivating removes the link.
///
/// The caller computes the keyed hash; the store sees only its 32 bytes.
public protocol EIDLinkStore: Sendable {
    /// Links `accountID` to `pseudonym`, replacing the account's earlier link. Throws
    /// ``AccountStoreError/Code/pseudonymTaken`` when another account has the pseudonym and
    /// ``AccountStoreError/Code/accountNotFound`` when there is no such account.
    func link(accountID: String, pseudonym: SecretDigest, at time: Date) async throws

    /// The account linked to `pseudonym`, if any.
    func accountID(pseudonym: SecretDigest) async throws -> String?

    /// The pseudonym the account is linked to, if any.
    func pseudonym(accountID: String) async throws -> SecretDigest?

    /// Removes the account's link. Returns whether there was one.
    @discardableResult
    func unlink(accountID: String) async throws -> Bool

    /// Ends the account's link but remembers the card as deactivated (issue #19): it no longer
    /// logs in, and neither ``accountID(pseudonym:)`` nor ``pseudonym(accountID:)`` find it, but
    /// ``isDeactivated(pseudonym:)`` does, so a later login with the card is not mistaken for a
    /// new person's, and no other account can take the card. A new ``link(accountID:pseudonym:at:)``
    /// of the account replaces it; the account's deletion removes it. Returns whether there was
    /// a live link.
    @discardableResult
    func deactivate(accountID: String, at time: Date) async throws -> Bool

    /// Whether `pseudonym` belongs to a card its account deactivated.
    func isDeactivated(pseudonym: SecretDigest) async throws -> Bool
}
