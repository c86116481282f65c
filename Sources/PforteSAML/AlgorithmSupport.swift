/// What Pforte's metadata says about algorithms (SAML V2.0 Metadata Profile for Algorithm
/// Support v1.0, and `md:EncryptionMethod` of SAML metadata §2.4.1.1): exactly what its
/// verification and decryption accept, so a peer that reads them (Shibboleth SP 3 does) picks
/// RSA-SHA256 rather than its RSA-SHA1 default, and AES-GCM rather than AES-CBC.
///
/// SHA-1 signatures are refused and therefore never declared; so are SHA-384/512 and ECDSA,
/// which the signature checks do not accept (yet).
public enum AlgorithmSupport {
    /// The profile's namespace (`alg:`), §2.
    public static let namespace = "urn:oasis:names:tc:SAML:metadata:algsupport"

    static let digestMethods = ["http://www.w3.org/2001/04/xmlenc#sha256"]
    static let signingMethods = ["http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"]

    /// Content encryption for assertions sent to Pforte (the federation SP role): only AES-GCM,
    /// since nothing verifies the ciphertext before it is decrypted.
    public static let assertionEncryption = [
        "http://www.w3.org/2009/xmlenc11#aes256-gcm", "http://www.w3.org/2009/xmlenc11#aes128-gcm",
    ]
    /// Content encryption for `EncryptedID`s sent to Pforte (the IdP role): AES-GCM preferred,
    /// AES-CBC accepted because the enclosing LogoutRequest's signature is checked first.
    public static let identifierEncryption = assertionEncryption + [
        "http://www.w3.org/2001/04/xmlenc#aes256-cbc", "http://www.w3.org/2001/04/xmlenc#aes128-cbc",
    ]
    /// RSA-OAEP in both forms; never RSA PKCS#1 v1.5.
    static let keyTransport = [
        "http://www.w3.org/2009/xmlenc11#rsa-oaep", "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p",
    ]

    /// `md:Extensions` with `alg:DigestMethod` and `alg:SigningMethod` (§2.3, §2.4), for an
    /// `EntityDescriptor` whose `md` and `ds` prefixes are declared.
    public static var extensions: String {
        "<md:Extensions xmlns:alg=\"\(namespace)\">"
            + digestMethods.map { "<alg:DigestMethod Algorithm=\"\($0)\"/>" }.joined()
            + signingMethods.map { "<alg:SigningMethod Algorithm=\"\($0)\" MinKeySize=\"2048\"/>" }.joined()
            + "</md:Extensions>"
    }

    /// `md:EncryptionMethod` elements for an encryption `KeyDescriptor`, in order of preference;
    /// `xenc11#rsa-oaep` names SHA-256 as its digest (XML-Enc 1.1 §5.5.2).
    public static func encryptionMethods(content: [String]) -> String {
        content.map { "<md:EncryptionMethod Algorithm=\"\($0)\"/>" }.joined()
            + keyTransport.map { uri in
                uri.hasPrefix("http://www.w3.org/2009/")
                    ? "<md:EncryptionMethod Algorithm=\"\(uri)\"><ds:DigestMethod Algorithm=\"\(digestMethods[0])\"/></md:EncryptionMethod>"
                    : "<md:EncryptionMethod Algorithm=\"\(uri)\"/>"
            }.joined()
    }
}
