import CXMLSecShim
import Foundation

/// The checks on an `xenc:EncryptedData` made before anything is decrypted: only the shape and
/// the algorithms of the ``XMLDecryptionPolicy`` are accepted, so xmlsec never runs a
/// padding-oracle-prone algorithm where it would offer an oracle, RSA PKCS#1 v1.5 never, and
/// a `CipherReference` is never fetched.
struct EncryptedDataShape {
    private static let encryptedData = XMLName(namespace: XMLNamespace.encryption, localName: "EncryptedData")
    private static let encryptedKey = XMLName(namespace: XMLNamespace.encryption, localName: "EncryptedKey")
    private static let encryptionMethod = XMLName(namespace: XMLNamespace.encryption, localName: "EncryptionMethod")
    private static let cipherData = XMLName(namespace: XMLNamespace.encryption, localName: "CipherData")
    private static let cipherValue = XMLName(namespace: XMLNamespace.encryption, localName: "CipherValue")
    private static let keyInfo = XMLName(namespace: XMLNamespace.signature, localName: "KeyInfo")
    private static let digestMethod = XMLName(namespace: XMLNamespace.signature, localName: "DigestMethod")
    private static let mgf = XMLName(namespace: XMLNamespace.encryption11, localName: "MGF")
    private static let algorithm = XMLName("Algorithm")

    let content: XMLDecryptionPolicy.ContentAlgorithm
    /// The RSA-OAEP ciphertext of the content key, and the digests it was made with.
    let wrappedKey: Data
    let digest: pforte_digest
    let mgf1Digest: pforte_digest

    /// XML-Enc 1.1 §3.4/§3.5: `EncryptionMethod` of the policy, `CipherData/CipherValue`, and
    /// exactly one `EncryptedKey` (RSA-OAEP): in `ds:KeyInfo`, or else beside the
    /// `EncryptedData` in its SAML wrapper (SAML core §2.2.4, `EncryptedElementType`).
    init(checking element: XMLElement, policy: XMLDecryptionPolicy) throws(XMLEncryptionError) {
        guard element.name == Self.encryptedData,
              element.attribute(XMLName("Type")) == XMLAlgorithm.typeElement
        else { throw XMLEncryptionError(.malformed, debugReason: "not an EncryptedData of Type Element") }
        let uri = try Self.method(of: element).attribute(Self.algorithm) ?? ""
        guard let content = XMLDecryptionPolicy.ContentAlgorithm(uri: uri), policy.contentAlgorithms.contains(content) else {
            throw XMLEncryptionError(.unsupportedAlgorithm, debugReason: uri)
        }
        _ = try Self.cipherValue(of: element)
        let inline = element.firstChild(named: Self.keyInfo)?.children(named: Self.encryptedKey) ?? []
        let candidates = inline.isEmpty ? (element.parent?.children(named: Self.encryptedKey) ?? []) : inline
        guard candidates.count == 1, let encryptedKey = candidates.first else {
            throw XMLEncryptionError(.malformed, debugReason: "\(candidates.count) EncryptedKeys, exactly one wanted")
        }
        (digest, mgf1Digest) = try Self.keyTransport(try Self.method(of: encryptedKey))
        guard let wrapped = Data(base64Encoded: try Self.cipherValue(of: encryptedKey), options: .ignoreUnknownCharacters) else {
            throw XMLEncryptionError(.malformed, debugReason: "EncryptedKey's CipherValue is not base64")
        }
        self.content = content
        wrappedKey = wrapped
    }

    private static func method(of element: XMLElement) throws(XMLEncryptionError) -> XMLElement {
        guard element.children(named: encryptionMethod).count == 1, let method = element.firstChild(named: encryptionMethod) else {
            throw XMLEncryptionError(.malformed, debugReason: "no single EncryptionMethod")
        }
        return method
    }

    private static func cipherValue(of element: XMLElement) throws(XMLEncryptionError) -> String {
        guard element.children(named: cipherData).count == 1,
              let data = element.firstChild(named: cipherData),
              data.children.count == 1, let value = data.firstChild(named: cipherValue)
        else { throw XMLEncryptionError(.malformed, debugReason: "CipherData must hold a CipherValue") }
        return value.textContent
    }

    /// RSA-OAEP's digests (XML-Enc 1.1 §5.5.2): `ds:DigestMethod` (default SHA-1) for the label
    /// hash; MGF1 with SHA-1 for `rsa-oaep-mgf1p`, or as `xenc11:MGF` says for `xenc11#rsa-oaep`.
    /// `OAEPparams` (a label) is refused: no SAML profile uses one.
    private static func keyTransport(_ method: XMLElement) throws(XMLEncryptionError) -> (pforte_digest, pforte_digest) {
        let uri = method.attribute(algorithm) ?? ""
        guard uri == XMLAlgorithm.rsaOAEPMGF1P || uri == XMLAlgorithm.rsaOAEP else {
            throw XMLEncryptionError(.unsupportedAlgorithm, debugReason: uri)
        }
        var digest = PFORTE_DIGEST_SHA1
        var mgf1 = PFORTE_DIGEST_SHA1
        for child in method.children {
            let value = child.attribute(algorithm) ?? ""
            switch child.name {
            case digestMethod:
                switch value {
                case XMLAlgorithm.sha1: digest = PFORTE_DIGEST_SHA1
                case XMLAlgorithm.sha256: digest = PFORTE_DIGEST_SHA256
                default: throw XMLEncryptionError(.unsupportedAlgorithm, debugReason: "OAEP digest \(value)")
                }
            case mgf where uri == XMLAlgorithm.rsaOAEP:
                switch value {
                case XMLAlgorithm.mgf1SHA1: mgf1 = PFORTE_DIGEST_SHA1
                case XMLAlgorithm.mgf1SHA256: mgf1 = PFORTE_DIGEST_SHA256
                default: throw XMLEncryptionError(.unsupportedAlgorithm, debugReason: "MGF \(value)")
                }
            default:
                throw XMLEncryptionError(.unsupportedAlgorithm, debugReason: "RSA-OAEP parameter \(child.name.localName)")
            }
        }
        return (digest, mgf1)
    }
}
