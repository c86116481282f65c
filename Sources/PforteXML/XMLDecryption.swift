import CXMLSec
import CXMLSecShim

extension XMLDocument {
    /// Decrypts an `xenc:EncryptedData` (content by an algorithm of `policy`, content key by
    /// RSA-OAEP in its `KeyInfo` or beside it in its SAML wrapper) and puts the decrypted element
    /// in its place. Anything else is refused before decryption (see ``XMLEncryptionError/Code``).
    ///
    /// The plaintext is parsed the hardened way within `limits`, in the namespace context of
    /// where `encryptedData` was (XML-Enc 1.1 §4.5). IDs inside it are registered the next time
    /// IDs are (signing and verification do it themselves).
    ///
    /// - Returns: the decrypted element. `encryptedData` is out of the tree from now on.
    @discardableResult
    public func decrypt(
        encryptedData: XMLElement, with key: XMLSigningKey, policy: XMLDecryptionPolicy = .authenticatedOnly,
        limits: XMLParsingLimits = .default
    ) throws(XMLEncryptionError) -> XMLElement {
        precondition(encryptedData.document === self, "element belongs to another document")
        XMLSecLibrary.beginOperation()
        let shape = try EncryptedDataShape(checking: encryptedData, policy: policy)
        guard let parent = encryptedData.node.pointee.parent else {
            throw XMLEncryptionError(.malformed, debugReason: "EncryptedData has no parent")
        }
        let contentKey = try Self.unwrapContentKey(shape, with: key)
        let element = try Self.decrypt(encryptedData.node, algorithm: shape.content.transform, key: contentKey) {
            bytes throws(XMLEncryptionError) in
            do throws(XMLParsingError) {
                return try HardenedParser.parseElement(UnsafeRawBufferPointer(bytes), inContextOf: parent, limits: limits)
            } catch {
                throw XMLEncryptionError(.invalidPlaintext, debugReason: error.description)
            }
        }
        replace(encryptedData.node, with: element)
        return XMLElement(document: self, node: element)
    }

    /// The content key from the `EncryptedKey`, by RSA-OAEP through OpenSSL (the digests xmlsec
    /// 1.2 cannot vary), as an xmlsec AES key of the size the content algorithm needs.
    private static func unwrapContentKey(_ shape: EncryptedDataShape, with key: XMLSigningKey) throws(XMLEncryptionError) -> xmlSecKeyPtr {
        var plain = [UInt8](repeating: 0, count: shape.wrappedKey.count)
        defer { plain.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        var length = plain.count
        let status = shape.wrappedKey.withUnsafeBytes { wrapped in
            pforte_rsa_oaep_decrypt(
                key.key, shape.digest, shape.mgf1Digest, wrapped.bindMemory(to: UInt8.self).baseAddress, wrapped.count,
                &plain, &length
            )
        }
        guard status == 0 else { throw XMLEncryptionError(.keyDecryptionFailed, debugReason: XMLSecLibrary.lastErrorReason) }
        guard length == shape.content.keyBytes,
              let contentKey = xmlSecKeyReadMemory(pforte_key_data_aes(), plain, UInt32(length))
        else { throw XMLEncryptionError(.keyDecryptionFailed, debugReason: "not a \(shape.content.keyBytes * 8)-bit AES key") }
        return contentKey
    }

    /// Decrypts the `EncryptedData` `node` with `key` (given to xmlsec, which destroys it),
    /// allowing only `algorithm` and no URI at all (so a `CipherReference` could never be
    /// fetched), and hands the plaintext to `use` before xmlsec frees it.
    private static func decrypt<Result>(
        _ node: xmlNodePtr, algorithm: xmlSecTransformId, key: xmlSecKeyPtr,
        use: (UnsafeBufferPointer<UInt8>) throws(XMLEncryptionError) -> Result
    ) throws(XMLEncryptionError) -> Result {
        guard let context = xmlSecEncCtxCreate(nil) else {
            xmlSecKeyDestroy(key)
            throw XMLEncryptionError(.dataDecryptionFailed, debugReason: XMLSecLibrary.lastErrorReason)
        }
        defer { xmlSecEncCtxDestroy(context) }
        context.pointee.mode = xmlEncCtxModeEncryptedData
        context.pointee.encKey = key
        context.pointee.transformCtx.enabledUris = xmlSecTransformUriType(xmlSecTransformUriTypeNone)
        guard xmlSecPtrListAdd(&context.pointee.transformCtx.enabledTransforms, UnsafeMutableRawPointer(mutating: algorithm)) >= 0,
              let result = xmlSecEncCtxDecryptToBuffer(context, node)
        else { throw XMLEncryptionError(.dataDecryptionFailed, debugReason: XMLSecLibrary.lastErrorReason) }
        return try use(UnsafeBufferPointer(start: xmlSecBufferGetData(result), count: Int(xmlSecBufferGetSize(result))))
    }
}
