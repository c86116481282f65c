/// Why an element could not be encrypted, or encrypted data not decrypted.
///
/// The codes distinguish causes for logs and tests. A protocol layer must not tell a peer which
/// one occurred: distinguishable decryption failures are the oracle of the attacks on XML-Enc
/// (Jager and Somorovsky 2011/2012) that AES-GCM and RSA-OAEP are chosen to avoid.
public struct XMLEncryptionError: Error, Hashable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        /// Not an `xenc:EncryptedData` with `Type` Element (XML-Enc 1.1 §3.5.1), or not in the
        /// expected shape (one `CipherData/CipherValue`, `KeyInfo` with one `EncryptedKey`).
        case malformed
        /// An algorithm the ``XMLDecryptionPolicy`` does not allow for the data (AES-CBC where no
        /// verified signature protects the ciphertext), or anything but RSA-OAEP with SHA-1 or
        /// SHA-256 for the key (RSA PKCS#1 v1.5 above all): padding oracles break confidentiality.
        case unsupportedAlgorithm
        /// The session key could not be decrypted with the given private key.
        case keyDecryptionFailed
        /// The data could not be decrypted or failed its authentication (GCM tag).
        case dataDecryptionFailed
        /// The decrypted data is not the serialisation of exactly one well-formed element
        /// (parsed the hardened way, see ``XMLParsingError``).
        case invalidPlaintext
        /// xmlsec failed to encrypt.
        case encryptionFailed
    }

    public let code: Code
    /// xmlsec's or libxml2's reason, for logs only.
    public let debugReason: String

    init(_ code: Code, debugReason: String = "") {
        self.code = code
        self.debugReason = debugReason
    }

    public var description: String {
        "XMLEncryptionError.\(code)\(debugReason.isEmpty ? "" : ": \(debugReason)")"
    }
}
