import CXMLSec
import CXMLSecShim

extension XMLDocument {
    /// Verifies the enveloped signature of `element` against one trusted key.
    public func verifySignature(of element: XMLElement, trusting key: XMLVerificationKey) throws(XMLSignatureError) {
        try verifySignature(of: element, trusting: [key])
    }

    /// Verifies the enveloped signature of `element`; passes only if all of this holds:
    ///
    /// - a single `ds:Signature` is a direct child of `element` (an enveloped signature,
    ///   XML-DSig 1.1 §6.6.4; SAML core §5.4.1 "the signature MUST be enveloped");
    /// - it has exactly one `Reference`, whose `URI` is `#` + `element`'s ID, and that ID is
    ///   unique in the document (SAML core §5.4.2). Together with the first point this guards
    ///   against signature wrapping: the signature covers exactly the element the caller uses;
    /// - algorithms are exclusive C14N, RSA-SHA256, SHA-256 and the transforms only
    ///   enveloped-signature and exclusive C14N (SAML core §5.4.3, §5.4.4); SHA-1 is refused;
    /// - the signature value verifies with one of `keys`. The message's `KeyInfo` is never used
    ///   to find or trust a key: keys come from trusted metadata only (design §7);
    /// - xmlsec reports the signature and the reference digest valid.
    ///
    /// Call it on the element whose content is then used, and use only content inside it.
    public func verifySignature(of element: XMLElement, trusting keys: [XMLVerificationKey]) throws(XMLSignatureError) {
        precondition(element.document === self, "element belongs to another document")
        XMLSecLibrary.beginOperation()
        let signatures = element.children(named: XMLName(namespace: XMLNamespace.signature, localName: "Signature"))
        guard let signature = signatures.first else { throw XMLSignatureError(.missing) }
        guard signatures.count == 1 else { throw XMLSignatureError(.multipleSignatures) }
        let id = try registeredID(of: element)
        try SignatureShape.check(signature, referencing: id)
        guard !keys.isEmpty else { throw XMLSignatureError(.noTrustedKeys) }

        for key in keys {
            if try SignatureVerification.run(signature: signature.node, key: key, referencing: [id], enveloped: true) {
                return
            }
        }
        throw XMLSignatureError(.untrustedKeyOrInvalidSignature, debugReason: XMLSecLibrary.lastErrorReason)
    }
}

/// One xmlsec verification (`xmlSecDSigCtxVerify`) with a given key, restricted to what
/// `SignatureShape` already checked, so xmlsec never resolves or runs anything else.
enum SignatureVerification {
    /// - Returns: `true` if valid, `false` if the signature value does not verify with `key`.
    /// - Throws: if the referenced content changed (whatever the key) or xmlsec failed.
    /// - Parameter enveloped: whether the enveloped-signature transform may be used.
    static func run(
        signature: xmlNodePtr, key: XMLVerificationKey, referencing ids: [String], enveloped: Bool
    ) throws(XMLSignatureError) -> Bool {
        guard let context = xmlSecDSigCtxCreate(nil) else {
            throw XMLSignatureError(.malformed, debugReason: XMLSecLibrary.lastErrorReason)
        }
        defer { xmlSecDSigCtxDestroy(context) }

        // No keys manager: with `signKey` set, xmlsec never reads KeyInfo to find a key.
        context.pointee.signKey = XMLSecKey.duplicate(key.key)
        context.pointee.enabledReferenceUris = xmlSecTransformUriType(xmlSecTransformUriTypeSameDocument)
        let forSignedInfo = [pforte_transform_exclusive_c14n(), pforte_transform_rsa_sha256()]
        let forReferences = (enveloped ? [pforte_transform_enveloped_signature()] : [])
            + [pforte_transform_exclusive_c14n(), pforte_transform_sha256()]
        guard context.pointee.signKey != nil,
              forSignedInfo.allSatisfy({ xmlSecDSigCtxEnableSignatureTransform(context, $0) >= 0 }),
              forReferences.allSatisfy({ xmlSecDSigCtxEnableReferenceTransform(context, $0) >= 0 })
        else { throw XMLSignatureError(.malformed, debugReason: XMLSecLibrary.lastErrorReason) }

        guard xmlSecDSigCtxVerify(context, signature) >= 0 else {
            throw XMLSignatureError(.malformed, debugReason: XMLSecLibrary.lastErrorReason)
        }
        let references = referenceContexts(of: context)
        let uris = references.map { String(borrowingXMLChars: $0.pointee.uri) ?? "" }
        guard uris.count == ids.count, Set(uris) == Set(ids.map { "#" + $0 }) else {
            throw XMLSignatureError(.referenceMismatch)
        }
        guard references.allSatisfy({ $0.pointee.status == xmlSecDSigStatusSucceeded }) else {
            throw XMLSignatureError(.digestMismatch)
        }
        return context.pointee.status == xmlSecDSigStatusSucceeded
    }

    private static func referenceContexts(of context: xmlSecDSigCtxPtr) -> [xmlSecDSigReferenceCtxPtr] {
        (0..<xmlSecPtrListGetSize(&context.pointee.signedInfoReferences)).compactMap {
            xmlSecPtrListGetItem(&context.pointee.signedInfoReferences, $0)?
                .assumingMemoryBound(to: xmlSecDSigReferenceCtx.self)
        }
    }
}
