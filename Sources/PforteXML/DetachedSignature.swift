import CXMLSec
import CXMLSecShim

/// Detached signatures: one `ds:Signature` over several elements of the document, placed
/// elsewhere — how WS-Security (SOAP Message Security 1.1 §8) signs a SOAP message's
/// `wsu:Timestamp` and `Body` from inside the `wsse:Security` header.
extension XMLDocument {
    /// Signs `elements` with one signature appended to `parent`: exclusive C14N for
    /// `SignedInfo` and as the only transform of each `Reference` (`URI="#<ID>"`), RSA-SHA256,
    /// SHA-256 digests.
    ///
    /// - Parameter keyInfo: the serialised children of `ds:KeyInfo` (e.g. a WS-Security
    ///   `SecurityTokenReference`), with their namespace declarations; `nil` for no `KeyInfo`.
    ///   It is not signed (XML-DSig 1.1 §4.5): the verifier must know the key anyway.
    /// - Returns: the new `ds:Signature` element.
    @discardableResult
    public func signDetached(
        _ elements: [XMLElement], key: XMLSigningKey, appendingTo parent: XMLElement, keyInfo: String?
    ) throws(XMLSignatureError) -> XMLElement {
        precondition(elements.allSatisfy { $0.document === self } && parent.document === self)
        XMLSecLibrary.beginOperation()
        var ids: [String] = []
        for element in elements {
            ids.append(try registeredID(of: element))
        }
        guard let signature = xmlSecTmplSignatureCreateNsPref(
            pointer, pforte_transform_exclusive_c14n(), pforte_transform_rsa_sha256(), nil, "ds"
        ) else { throw XMLSignatureError(.signingFailed, debugReason: XMLSecLibrary.lastErrorReason) }
        xmlAddChild(parent.node, signature)
        for id in ids {
            guard let reference = withXMLChars("#" + id, {
                xmlSecTmplSignatureAddReference(signature, pforte_transform_sha256(), nil, $0, nil)
            }), xmlSecTmplReferenceAddTransform(reference, pforte_transform_exclusive_c14n()) != nil else {
                discard(signature)
                throw XMLSignatureError(.signingFailed, debugReason: XMLSecLibrary.lastErrorReason)
            }
        }
        try fillIn(signature, key: key)
        if let keyInfo {
            try appendKeyInfo(keyInfo, to: signature)
        }
        return XMLElement(document: self, node: signature)
    }

    /// Verifies `signature`, a detached signature, and that it covers exactly `elements` —
    /// each once and nothing else — with one of `keys`, never a key from `KeyInfo`. The
    /// caller passes the elements it then uses (found by their position in the message, not
    /// by following the references), which is what defeats signature wrapping.
    public func verifyDetachedSignature(
        _ signature: XMLElement, covering elements: [XMLElement], trusting keys: [XMLVerificationKey]
    ) throws(XMLSignatureError) {
        precondition(elements.allSatisfy { $0.document === self } && signature.document === self)
        XMLSecLibrary.beginOperation()
        guard signature.name == XMLName(namespace: XMLNamespace.signature, localName: "Signature") else {
            throw XMLSignatureError(.missing)
        }
        var ids: [String] = []
        for element in elements {
            ids.append(try registeredID(of: element))
        }
        try SignatureShape.checkDetached(signature, referencing: ids)
        guard !keys.isEmpty else { throw XMLSignatureError(.noTrustedKeys) }
        for key in keys {
            if try SignatureVerification.run(signature: signature.node, key: key, referencing: ids, enveloped: false) {
                return
            }
        }
        throw XMLSignatureError(.untrustedKeyOrInvalidSignature, debugReason: XMLSecLibrary.lastErrorReason)
    }

    private func appendKeyInfo(_ content: String, to signature: xmlNodePtr) throws(XMLSignatureError) {
        guard let keyInfo = xmlSecTmplSignatureEnsureKeyInfo(signature, nil) else {
            throw XMLSignatureError(.signingFailed, debugReason: XMLSecLibrary.lastErrorReason)
        }
        let bytes = Array(content.utf8)
        do {
            let child = try bytes.withUnsafeBytes { buffer throws(XMLParsingError) in
                try HardenedParser.parseElement(buffer, inContextOf: keyInfo, limits: .default)
            }
            xmlAddChild(keyInfo, child)
        } catch {
            throw XMLSignatureError(.signingFailed, debugReason: "KeyInfo: \(error)")
        }
    }
}
