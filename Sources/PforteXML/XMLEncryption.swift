import CXMLSec
import CXMLSecShim

extension XMLDocument {
    /// Encrypts `element` for the holder of `recipient`'s private key and puts an
    /// `xenc:EncryptedData` (`Type` Element) in its place, as SAML core §6.1 requires ("MUST
    /// replace the cleartext information in the same location").
    ///
    /// The content is encrypted with a fresh AES-256-GCM key (XML-Enc 1.1 §5.2.4: authenticated,
    /// unlike AES-CBC), which travels in `ds:KeyInfo/xenc:EncryptedKey` encrypted with RSA-OAEP
    /// (§5.5.2). The element is serialised with every namespace declaration in scope, so it
    /// decrypts to the same meaning wherever it is parsed (QNames in content such as
    /// `xsi:type="xs:string"` included).
    ///
    /// - Returns: the `xenc:EncryptedData` element (for SAML, to be wrapped in
    ///   `saml:EncryptedAssertion`). `element` is out of the tree from now on.
    @discardableResult
    public func encrypt(element: XMLElement, for recipient: XMLVerificationKey) throws(XMLEncryptionError) -> XMLElement {
        precondition(element.document === self, "element belongs to another document")
        XMLSecLibrary.beginOperation()
        guard let plaintext = selfContainedSerialization(of: element) else {
            throw XMLEncryptionError(.encryptionFailed, debugReason: XMLSecLibrary.lastErrorReason)
        }
        var sessionKey = [UInt8](repeating: 0, count: 32)
        var random = SystemRandomNumberGenerator()
        for index in sessionKey.indices {
            sessionKey[index] = random.next()
        }
        defer { sessionKey.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }

        guard let encryptedData = withXMLChars(XMLAlgorithm.typeElement, {
            xmlSecTmplEncDataCreate(pointer, pforte_transform_aes256_gcm(), nil, $0, nil, nil)
        }) else { throw XMLEncryptionError(.encryptionFailed, debugReason: XMLSecLibrary.lastErrorReason) }
        do throws(XMLEncryptionError) {
            guard xmlSecTmplEncDataEnsureCipherValue(encryptedData) != nil,
                  let contentKey = xmlSecKeyReadMemory(pforte_key_data_aes(), sessionKey, UInt32(sessionKey.count))
            else { throw XMLEncryptionError(.encryptionFailed, debugReason: XMLSecLibrary.lastErrorReason) }
            try Self.encrypt(plaintext, into: encryptedData, mode: xmlEncCtxModeEncryptedData, key: contentKey)

            guard let keyInfo = xmlSecTmplEncDataEnsureKeyInfo(encryptedData, nil),
                  let encryptedKey = xmlSecTmplKeyInfoAddEncryptedKey(keyInfo, pforte_transform_rsa_oaep(), nil, nil, nil),
                  xmlSecTmplEncDataEnsureCipherValue(encryptedKey) != nil,
                  let transportKey = XMLSecKey.duplicate(recipient.key)
            else { throw XMLEncryptionError(.encryptionFailed, debugReason: XMLSecLibrary.lastErrorReason) }
            try Self.encrypt(sessionKey, into: encryptedKey, mode: xmlEncCtxModeEncryptedKey, key: transportKey)
        } catch {
            xmlFreeNode(encryptedData)
            throw error
        }
        Self.usePrefixes(in: encryptedData)
        replace(element.node, with: encryptedData)
        return XMLElement(document: self, node: encryptedData)
    }

    /// Encrypts `bytes` into the `EncryptedData` or `EncryptedKey` template `node`; `key` is
    /// given to xmlsec, which destroys it.
    private static func encrypt(
        _ bytes: [UInt8], into node: xmlNodePtr, mode: xmlEncCtxMode, key: xmlSecKeyPtr
    ) throws(XMLEncryptionError) {
        guard let context = xmlSecEncCtxCreate(nil) else {
            xmlSecKeyDestroy(key)
            throw XMLEncryptionError(.encryptionFailed, debugReason: XMLSecLibrary.lastErrorReason)
        }
        defer { xmlSecEncCtxDestroy(context) }
        context.pointee.mode = mode
        context.pointee.encKey = key
        guard xmlSecEncCtxBinaryEncrypt(context, node, bytes, UInt32(bytes.count)) >= 0 else {
            throw XMLEncryptionError(.encryptionFailed, debugReason: XMLSecLibrary.lastErrorReason)
        }
    }

    /// `element` serialised on its own, declaring every namespace in scope at its place: a copy
    /// in a scratch document declares what its names use (`xmlDocCopyNode`), and the rest of
    /// what was in scope is added for QNames in attribute values and text.
    private func selfContainedSerialization(of element: XMLElement) -> [UInt8]? {
        guard let scratch = xmlNewDoc("1.0") else { return nil }
        defer { xmlFreeDoc(scratch) }
        guard let copy = xmlDocCopyNode(element.node, scratch, 1) else { return nil }
        xmlDocSetRootElement(scratch, copy)
        if let inScope = xmlGetNsList(pointer, element.node) {
            defer { pforte_xml_free(inScope) }
            var index = 0
            while let namespace = inScope[index] {
                index += 1
                let prefix = namespace.pointee.prefix
                if String(borrowingXMLChars: prefix) != "xml", xmlSearchNs(scratch, copy, prefix) == nil {
                    xmlNewNs(copy, namespace.pointee.href, prefix)
                }
            }
        }
        guard let buffer = xmlBufferCreate() else { return nil }
        defer { xmlBufferFree(buffer) }
        guard xmlNodeDump(buffer, scratch, copy, 0, 0) >= 0, let content = xmlBufferContent(buffer) else { return nil }
        return Array(UnsafeBufferPointer(start: content, count: Int(xmlBufferLength(buffer))))
    }

    /// xmlsec's templates declare their namespaces as default namespaces; SAML messages
    /// conventionally use `xenc:` and `ds:` (SAML core §1.2), which some consumers expect.
    private static func usePrefixes(in node: xmlNodePtr) {
        let prefixes = [XMLNamespace.encryption: "xenc", XMLNamespace.signature: "ds"]
        var pending = [node]
        while let current = pending.popLast() {
            var namespace = current.pointee.nsDef
            while let declaration = namespace {
                namespace = declaration.pointee.next
                if declaration.pointee.prefix == nil,
                   let href = String(borrowingXMLChars: declaration.pointee.href),
                   let prefix = prefixes[href] {
                    declaration.pointee.prefix = UnsafePointer(withXMLChars(prefix) { xmlStrdup($0) })
                }
            }
            var child = current.pointee.children
            while let next = child {
                if next.pointee.type == XML_ELEMENT_NODE { pending.append(next) }
                child = next.pointee.next
            }
        }
    }
}
