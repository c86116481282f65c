import CXMLSec
import CXMLSecShim

extension XMLDocument {
    /// Signs `element` with an enveloped XML signature, as SAML core §5.4 profiles it:
    /// exclusive C14N for `SignedInfo`, RSA-SHA256, one `Reference` with `URI="#<ID>"`
    /// (§5.4.2), transforms enveloped-signature and exclusive C14N (§5.4.3, §5.4.4), SHA-256
    /// digest, and `KeyInfo/X509Data/X509Certificate` with the signer's certificate.
    ///
    /// The element must carry a registered ID attribute (see ``registerIDAttributes(_:)``);
    /// sign last, after every change to the element.
    ///
    /// - Returns: the new `ds:Signature` element.
    @discardableResult
    public func sign(
        element: XMLElement, key: XMLSigningKey, placement: XMLSignaturePlacement = .firstChild
    ) throws(XMLSignatureError) -> XMLElement {
        precondition(element.document === self, "element belongs to another document")
        XMLSecLibrary.beginOperation()
        let id = try registeredID(of: element)
        if case .after(let child) = placement, child.parent != element {
            throw XMLSignatureError(.invalidPlacement)
        }
        guard let signature = makeTemplate(referencing: id) else {
            throw XMLSignatureError(.signingFailed, debugReason: XMLSecLibrary.lastErrorReason)
        }
        switch placement {
        case .firstChild:
            if let first = element.node.pointee.children {
                xmlAddPrevSibling(first, signature)
            } else {
                xmlAddChild(element.node, signature)
            }
        case .after(let child):
            xmlAddNextSibling(child.node, signature)
        }

        try fillIn(signature, key: key)
        return XMLElement(document: self, node: signature)
    }

    /// The `ds:Signature` template xmlsec fills in (XML-DSig 1.1 §4).
    private func makeTemplate(referencing id: String) -> xmlNodePtr? {
        guard let signature = xmlSecTmplSignatureCreateNsPref(
            pointer, pforte_transform_exclusive_c14n(), pforte_transform_rsa_sha256(), nil, "ds"
        ) else { return nil }
        guard let reference = withXMLChars("#" + id, {
            xmlSecTmplSignatureAddReference(signature, pforte_transform_sha256(), nil, $0, nil)
        }),
            xmlSecTmplReferenceAddTransform(reference, pforte_transform_enveloped_signature()) != nil,
            xmlSecTmplReferenceAddTransform(reference, pforte_transform_exclusive_c14n()) != nil,
            let keyInfo = xmlSecTmplSignatureEnsureKeyInfo(signature, nil),
            let x509Data = xmlSecTmplKeyInfoAddX509Data(keyInfo),
            xmlSecTmplX509DataAddCertificate(x509Data) != nil
        else {
            xmlFreeNode(signature)
            return nil
        }
        return signature
    }

    /// Computes digests and signature value of the template `signature`, already in the tree;
    /// on failure the template is removed again.
    func fillIn(_ signature: xmlNodePtr, key: XMLSigningKey) throws(XMLSignatureError) {
        guard let context = xmlSecDSigCtxCreate(nil) else {
            discard(signature)
            throw XMLSignatureError(.signingFailed, debugReason: XMLSecLibrary.lastErrorReason)
        }
        defer { xmlSecDSigCtxDestroy(context) }
        context.pointee.signKey = XMLSecKey.duplicate(key.key)
        guard context.pointee.signKey != nil, xmlSecDSigCtxSign(context, signature) >= 0 else {
            discard(signature)
            throw XMLSignatureError(.signingFailed, debugReason: XMLSecLibrary.lastErrorReason)
        }
    }

    /// Removes a template that could not be signed; it was never handed out, so it is freed.
    func discard(_ signature: xmlNodePtr) {
        xmlUnlinkNode(signature)
        xmlFreeNode(signature)
    }
}
