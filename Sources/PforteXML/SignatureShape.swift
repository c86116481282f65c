/// The checks on a `ds:Signature` made before xmlsec looks at it: the signature must be an
/// enveloped signature over exactly the element that is going to be used (or a detached one
/// over exactly the elements named), with the algorithms SAML core §5.4 profiles and nothing
/// else. xmlsec alone would accept any reference it can
/// resolve, any transform it knows and SHA-1.
struct SignatureShape {
    private static let signedInfo = XMLName(namespace: XMLNamespace.signature, localName: "SignedInfo")
    private static let signatureValue = XMLName(namespace: XMLNamespace.signature, localName: "SignatureValue")
    private static let keyInfo = XMLName(namespace: XMLNamespace.signature, localName: "KeyInfo")
    private static let canonicalizationMethod =
        XMLName(namespace: XMLNamespace.signature, localName: "CanonicalizationMethod")
    private static let signatureMethod = XMLName(namespace: XMLNamespace.signature, localName: "SignatureMethod")
    private static let reference = XMLName(namespace: XMLNamespace.signature, localName: "Reference")
    private static let transforms = XMLName(namespace: XMLNamespace.signature, localName: "Transforms")
    private static let transform = XMLName(namespace: XMLNamespace.signature, localName: "Transform")
    private static let digestMethod = XMLName(namespace: XMLNamespace.signature, localName: "DigestMethod")
    private static let digestValue = XMLName(namespace: XMLNamespace.signature, localName: "DigestValue")
    private static let inclusiveNamespaces =
        XMLName(namespace: XMLNamespace.exclusiveC14N, localName: "InclusiveNamespaces")
    private static let algorithm = XMLName("Algorithm")

    /// Checks `signature` is `SignedInfo`, `SignatureValue` and an optional `KeyInfo` (XML-DSig
    /// 1.1 §4.2), with one `Reference` to `#id` (SAML core §5.4.2).
    static func check(_ signature: XMLElement, referencing id: String) throws(XMLSignatureError) {
        let references = try checkSignedInfo(of: signature)
        guard references.count == 1 else {
            throw XMLSignatureError(.referenceMismatch, debugReason: "\(references.count) references")
        }
        try checkReference(references[0], to: id, enveloped: true)
    }

    /// Checks a detached signature (WS-Security SOAP Message Security 1.1 §8): the same shape
    /// as above, but one `Reference` per id in `ids`, each named once, no others, and no
    /// enveloped-signature transform (the signature is outside what it signs).
    static func checkDetached(_ signature: XMLElement, referencing ids: [String]) throws(XMLSignatureError) {
        let references = try checkSignedInfo(of: signature)
        let uris = references.map { $0.attribute(XMLName("URI")) ?? "" }
        guard uris.count == ids.count, Set(uris) == Set(ids.map { "#" + $0 }) else {
            throw XMLSignatureError(.referenceMismatch, debugReason: uris.joined(separator: " "))
        }
        for (reference, uri) in zip(references, uris) {
            try checkReference(reference, to: String(uri.dropFirst()), enveloped: false)
        }
    }

    /// The common part: the children of `Signature` and `SignedInfo`, the C14N and signature
    /// algorithms; returns the `Reference` elements.
    private static func checkSignedInfo(of signature: XMLElement) throws(XMLSignatureError) -> [XMLElement] {
        let parts = signature.children
        guard parts.count == 2 || (parts.count == 3 && parts[2].name == keyInfo),
              parts[0].name == signedInfo, parts[1].name == signatureValue
        else { throw XMLSignatureError(.malformed, debugReason: "Signature has unexpected children") }

        let info = parts[0].children
        guard info.count >= 3, info[0].name == canonicalizationMethod, info[1].name == signatureMethod,
              info[2...].allSatisfy({ $0.name == reference })
        else { throw XMLSignatureError(.malformed, debugReason: "SignedInfo has unexpected children") }
        try requireAlgorithm(of: info[0], in: [XMLAlgorithm.exclusiveC14N], allowing: [inclusiveNamespaces])
        try requireAlgorithm(of: info[1], in: [XMLAlgorithm.rsaSHA256], allowing: [])
        return Array(info[2...])
    }

    /// XML-DSig 1.1 §4.4.3: `Transforms?`, `DigestMethod`, `DigestValue`.
    /// With `enveloped`, the enveloped-signature transform is required, otherwise refused.
    private static func checkReference(_ reference: XMLElement, to id: String, enveloped: Bool) throws(XMLSignatureError) {
        guard reference.attribute(XMLName("URI")) == "#" + id else {
            throw XMLSignatureError(.referenceMismatch, debugReason: reference.attribute(XMLName("URI")) ?? "no URI")
        }
        var parts = reference.children[...]
        var transformAlgorithms: [String] = []
        if parts.first?.name == transforms, let list = parts.popFirst() {
            for step in list.children {
                guard step.name == transform else {
                    throw XMLSignatureError(.malformed, debugReason: "Transforms has unexpected children")
                }
                try requireAlgorithm(
                    of: step,
                    in: enveloped ? [XMLAlgorithm.envelopedSignature, XMLAlgorithm.exclusiveC14N] : [XMLAlgorithm.exclusiveC14N],
                    allowing: [inclusiveNamespaces]
                )
                transformAlgorithms.append(step.attribute(algorithm) ?? "")
            }
        }
        guard parts.count == 2, parts.first!.name == digestMethod, parts.last!.name == digestValue else {
            throw XMLSignatureError(.malformed, debugReason: "Reference has unexpected children")
        }
        try requireAlgorithm(of: parts.first!, in: [XMLAlgorithm.sha256], allowing: [])
        guard !enveloped || transformAlgorithms.contains(XMLAlgorithm.envelopedSignature) else {
            throw XMLSignatureError(.notEnvelopedOnElement)
        }
        guard Set(transformAlgorithms).count == transformAlgorithms.count else {
            throw XMLSignatureError(.malformed, debugReason: "a transform is repeated")
        }
    }

    private static func requireAlgorithm(
        of element: XMLElement, in accepted: Set<String>, allowing children: Set<XMLName>
    ) throws(XMLSignatureError) {
        let uri = element.attribute(algorithm) ?? ""
        guard accepted.contains(uri) else {
            throw XMLSignatureError(.unsupportedAlgorithm, debugReason: "\(element.name.localName) \(uri)")
        }
        guard element.children.allSatisfy({ children.contains($0.name) }) else {
            throw XMLSignatureError(.malformed, debugReason: "unexpected parameters of \(uri)")
        }
    }
}
