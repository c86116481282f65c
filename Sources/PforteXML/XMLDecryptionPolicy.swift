import CXMLSec
import CXMLSecShim

/// Which content encryption a decryption accepts. Key transport is always RSA-OAEP (either
/// form of XML-Enc 1.1 §5.5.2, label hash and MGF1 with SHA-1 or SHA-256); RSA PKCS#1 v1.5 is
/// never accepted (Bleichenbacher's oracle, XML-Enc 1.1 §5.5.1's own warning).
public struct XMLDecryptionPolicy: Sendable, Hashable {
    /// An XML-Enc 1.1 block encryption algorithm (§5.2).
    public enum ContentAlgorithm: Sendable, Hashable, CaseIterable {
        case aes128GCM, aes256GCM, aes128CBC, aes256CBC

        init?(uri: String) {
            guard let match = Self.allCases.first(where: { $0.uri == uri }) else { return nil }
            self = match
        }

        var uri: String {
            switch self {
            case .aes128GCM: XMLAlgorithm.aes128GCM
            case .aes256GCM: XMLAlgorithm.aes256GCM
            case .aes128CBC: XMLAlgorithm.aes128CBC
            case .aes256CBC: XMLAlgorithm.aes256CBC
            }
        }

        var keyBytes: Int {
            switch self {
            case .aes128GCM, .aes128CBC: 16
            case .aes256GCM, .aes256CBC: 32
            }
        }

        var transform: xmlSecTransformId {
            switch self {
            case .aes128GCM: pforte_transform_aes128_gcm()
            case .aes256GCM: pforte_transform_aes256_gcm()
            case .aes128CBC: pforte_transform_aes128_cbc()
            case .aes256CBC: pforte_transform_aes256_cbc()
            }
        }
    }

    let contentAlgorithms: Set<ContentAlgorithm>

    /// AES-GCM only, for ciphertext no verified signature protects (an encrypted assertion
    /// whose signature is inside it): AES-CBC's padding oracle (Jager and Somorovsky 2011)
    /// would let anyone who can submit altered ciphertext read it.
    public static let authenticatedOnly = XMLDecryptionPolicy(contentAlgorithms: [.aes128GCM, .aes256GCM])

    /// AES-GCM and AES-CBC, for ciphertext inside a message whose signature was verified
    /// before decryption (an `EncryptedID` in a signed LogoutRequest): altered ciphertext is
    /// refused before any padding is checked, so CBC offers no oracle, and SPs such as
    /// Shibboleth encrypt with AES-CBC by default.
    public static let signedContent = XMLDecryptionPolicy(contentAlgorithms: Set(ContentAlgorithm.allCases))
}
