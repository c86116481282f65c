/// The checks on an `xenc:EncryptedData` made before anything is decrypted: only the shape and
/// the algorithms this module produces (design §7) are accepted, so xmlsec never runs a
/// padding-oracle-prone algorithm (AES-CBC, RSA PKCS#1 v1.5) or fetches a `CipherReference`.
struct EncryptedDataShape {
    private static let encryptedData = XMLName(namespace: XMLNamespace.encryption, localName: "EncryptedData")
    private static let encryptedKey = XMLName(namespace: XMLNamespace.encryption, localName: "EncryptedKey")
    private static let encryptionMethod = XMLName(namespace: XMLNamespace.encryption, localName: "EncryptionMethod")
    private static let cipherData = XMLName(namespace: XMLNamespace.encryption, localName: "CipherData")
    private static let cipherValue = XMLName(namespace: XMLNamespace.encryption, localName: "CipherValue")
    private static let keyInfo = XMLName(namespace: XMLNamespace.signature, localName: "KeyInfo")

    /// The `EncryptedKey` that carries the content key.
    let encryptedKey: XMLElement

    /// XML-Enc 1.1 §3.4/§3.5: `EncryptionMethod` (AES-256-GCM), `ds:KeyInfo` holding exactly
    /// one `EncryptedKey` (RSA-OAEP), and `CipherData/CipherValue` in both.
    init(checking element: XMLElement) throws(XMLEncryptionError) {
        guard element.name == Self.encryptedData,
              element.attribute(XMLName("Type")) == XMLAlgorithm.typeElement
        else { throw XMLEncryptionError(.malformed, debugReason: "not an EncryptedData of Type Element") }
        try Self.check(element, algorithm: XMLAlgorithm.aes256GCM)
        guard let keyInfo = element.firstChild(named: Self.keyInfo),
              keyInfo.children.count == 1, let encryptedKey = keyInfo.firstChild(named: Self.encryptedKey)
        else { throw XMLEncryptionError(.malformed, debugReason: "KeyInfo must hold exactly one EncryptedKey") }
        try Self.check(encryptedKey, algorithm: XMLAlgorithm.rsaOAEPMGF1P)
        self.encryptedKey = encryptedKey
    }

    private static func check(_ element: XMLElement, algorithm: String) throws(XMLEncryptionError) {
        guard let method = element.firstChild(named: encryptionMethod) else {
            throw XMLEncryptionError(.malformed, debugReason: "no EncryptionMethod")
        }
        let uri = method.attribute(XMLName("Algorithm")) ?? ""
        guard uri == algorithm else { throw XMLEncryptionError(.unsupportedAlgorithm, debugReason: uri) }
        guard element.children(named: cipherData).count == 1,
              let data = element.firstChild(named: cipherData),
              data.children.count == 1, data.firstChild(named: cipherValue) != nil
        else { throw XMLEncryptionError(.malformed, debugReason: "CipherData must hold a CipherValue") }
    }
}
