import CXMLSec
import CXMLSecShim

extension XMLDocument {
    /// Decrypts an `xenc:EncryptedData` made as ``encrypt(element:for:)`` makes it (AES-256-GCM
    /// content, RSA-OAEP key transport in its `KeyInfo`) and puts the decrypted element in its
    /// place. Anything else is refused before decryption (see ``XMLEncryptionError/Code``).
    ///
    /// The plaintext is parsed the hardened way within `limits`, in the namespace context of
    /// where `encryptedData` was (XML-Enc 1.1 §4.5). IDs inside it are registered the next time
    /// IDs are (signing and verification do it themselves).
    ///
    /// - Returns: the decrypted element. `encryptedData` is out of the tree from now on.
    @discardableResult
    public func decrypt(
        encryptedData: XMLElement, with key: XMLSigningKey, limits: XMLParsingLimits = .default
    ) throws(XMLEncryptionError) -> XMLElement {
        precondition(encryptedData.document === self, "element belongs to another document")
        XMLSecLibrary.beginOperation()
        let shape = try EncryptedDataShape(checking: encryptedData)
        guard let parent = encryptedData.node.pointee.parent else {
            throw XMLEncryptionError(.malformed, debugReason: "EncryptedData has no parent")
        }
        guard let privateKey = XMLSecKey.duplicate(key.key) else {
            throw XMLEncryptionError(.keyDecryptionFailed, debugReason: XMLSecLibrary.lastErrorReason)
        }
        let contentKey = try Self.decrypt(
            shape.encryptedKey.node, mode: xmlEncCtxModeEncryptedKey, algorithm: pforte_transform_rsa_oaep(),
            key: privateKey, failure: .keyDecryptionFailed
        ) { bytes throws(XMLEncryptionError) in
            guard bytes.count == 32,
                  let key = xmlSecKeyReadMemory(pforte_key_data_aes(), bytes.baseAddress, UInt32(bytes.count))
            else { throw XMLEncryptionError(.keyDecryptionFailed, debugReason: "not an AES-256 key") }
            return key
        }
        let element = try Self.decrypt(
            encryptedData.node, mode: xmlEncCtxModeEncryptedData, algorithm: pforte_transform_aes256_gcm(),
            key: contentKey, failure: .dataDecryptionFailed
        ) { bytes throws(XMLEncryptionError) in
            do throws(XMLParsingError) {
                return try HardenedParser.parseElement(UnsafeRawBufferPointer(bytes), inContextOf: parent, limits: limits)
            } catch {
                throw XMLEncryptionError(.invalidPlaintext, debugReason: error.description)
            }
        }
        replace(encryptedData.node, with: element)
        return XMLElement(document: self, node: element)
    }

    /// Decrypts `node` with `key` (given to xmlsec, which destroys it), allowing only
    /// `algorithm` and no URI at all (so a `CipherReference` could never be fetched), and hands
    /// the plaintext to `use` before xmlsec frees it.
    private static func decrypt<Result>(
        _ node: xmlNodePtr, mode: xmlEncCtxMode, algorithm: xmlSecTransformId, key: xmlSecKeyPtr,
        failure: XMLEncryptionError.Code,
        use: (UnsafeBufferPointer<UInt8>) throws(XMLEncryptionError) -> Result
    ) throws(XMLEncryptionError) -> Result {
        guard let context = xmlSecEncCtxCreate(nil) else {
            xmlSecKeyDestroy(key)
            throw XMLEncryptionError(failure, debugReason: XMLSecLibrary.lastErrorReason)
        }
        defer { xmlSecEncCtxDestroy(context) }
        context.pointee.mode = mode
        context.pointee.encKey = key
        context.pointee.transformCtx.enabledUris = xmlSecTransformUriType(xmlSecTransformUriTypeNone)
        guard xmlSecPtrListAdd(&context.pointee.transformCtx.enabledTransforms, UnsafeMutableRawPointer(mutating: algorithm)) >= 0,
              let result = xmlSecEncCtxDecryptToBuffer(context, node)
        else { throw XMLEncryptionError(failure, debugReason: XMLSecLibrary.lastErrorReason) }
        return try use(UnsafeBufferPointer(start: xmlSecBufferGetData(result), count: Int(xmlSecBufferGetSize(result))))
    }
}
