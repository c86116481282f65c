import Crypto
import Foundation
public import PforteCrypto

/// The NameID an SP sees for an account (design §5).
///
/// Persistent: HMAC-SHA256(pairwise key, SP entityID ‖ account id), base64url — the same for
/// one person at one SP, unrelated across SPs, computable on every node, and not linkable to
/// the account from the database alone. The key is derived from the installation secret under
/// its own purpose (`saml-pairwise`), separate from OIDC's, so an SP's entityID and an OIDC
/// sector that happen to be spelled alike still get unrelated identifiers. Account ids have a
/// fixed length, so the concatenation is unambiguous.
///
/// Transient: 160 random bits per assertion (SAML core §8.3.8).
///
/// The `organizationIdentifier` attribute of an organisation is pairwise the same way, under a
/// key of its own purpose.
public struct NameIDIssuer: Sendable {
    private let key: SymmetricKey
    private let organisationKey: SymmetricKey

    public init(installationSecret: InstallationSecret) {
        key = installationSecret.key(for: "saml-pairwise")
        organisationKey = installationSecret.key(for: "saml-organisation-pairwise")
    }

    /// The identifier `serviceProvider` sees for an organisation; organisation ids have the
    /// fixed length of account ids.
    public func organisationIdentifier(_ organisationID: String, serviceProvider: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data((serviceProvider + organisationID).utf8), using: organisationKey).base64URLEncoded
    }

    public func nameID(format: NameIDFormat, accountID: String, serviceProvider: String) -> String {
        switch format {
        case .persistent:
            HMAC<SHA256>.authenticationCode(for: Data((serviceProvider + accountID).utf8), using: key).base64URLEncoded
        case .transient:
            SAMLIdentifier.make()
        }
    }
}
