import Crypto
import Foundation
public import PforteCrypto

/// The `sub` a client sees for an account (design §5): HMAC-SHA256(pairwise key,
/// sector ‖ account id), base64url.
///
/// Clients of different sectors get unrelated subjects for one person, so relying parties
/// cannot join their data by `sub` (OIDC Core §8.1). Clients sharing a sector (one host, or one
/// ``ClientRegistration/sectorIdentifierHost``) see the same subject. The key is derived from
/// the installation secret, so every node computes the same subject and a stolen database
/// cannot link subjects to accounts. Concatenating without a separator is unambiguous because
/// account ids have a fixed length of 22 characters.
public struct PairwiseSubject: Sendable {
    /// What the identifiers stand for. Each has its own key, so an account's subject and an
    /// organisation's identifier cannot be compared even where the ids were equal.
    public enum Kind: String, Sendable {
        case account = "oidc-pairwise"
        /// The `id` of ``OrganisationClaim``; organisation ids have the account ids' length.
        case organisation = "oidc-organisation-pairwise"
    }

    private let key: SymmetricKey

    public init(installationSecret: InstallationSecret, kind: Kind = .account) {
        self.key = installationSecret.key(for: kind.rawValue)
    }

    /// The subject of `accountID` (or organisation id, for ``Kind/organisation``) for `client`'s sector.
    public func subject(accountID: String, client: ClientRegistration) -> String {
        HMAC<SHA256>.authenticationCode(for: Data((client.sector + accountID).utf8), using: key).base64URLEncoded
    }
}
