public import Crypto
import Foundation

/// The identifier Pforte knows a federated person by (design §5 for federated users): a keyed
/// hash of (Land entityID, the Land's stable subject), 16 bytes in unpadded base64url like an
/// account id. The portal's pairwise `sub`/NameID is then derived from it as from any account
/// id, so it depends on (Land, subject, portal) only, and the Land's own identifier never
/// reaches the portal.
public enum FederatedSubject {
    public static func identifier(landEntityID: String, subject: String, key: SymmetricKey) -> String {
        var input = Data(landEntityID.utf8)
        input.append(0)
        input.append(Data(subject.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: input, using: key)
        return Data(mac.prefix(16)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
