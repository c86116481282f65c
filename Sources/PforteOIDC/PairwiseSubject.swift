import Crypto
public import Foundation
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
    static let keyPurpose = "oidc-pairwise"

    private let key: SymmetricKey

    public init(installationSecret: InstallationSecret) {
        self.key = installationSecret.key(for: Self.keyPurpose)
    }

    /// The subject of `accountID` for `client`'s sector.
    public func subject(accountID: String, client: ClientRegistration) -> String {
        HMAC<SHA256>.authenticationCode(for: Data((client.sector + accountID).utf8), using: key).base64URLEncoded
    }
}
