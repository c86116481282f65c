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
}
