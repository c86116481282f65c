/// The checks on a `ds:Signature` made before xmlsec looks at it: the signature must be an
/// enveloped signature over exactly the element that is going to be used, with the algorithms
/// SAML core §5.4 profiles and nothing else. xmlsec alone would accept any reference it can
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
        guard info.count == 3 else {
            throw XMLSignatureError(.referenceMismatch, debugReason: "\(info.count - 2) references")
        }
        try checkReference(info[2], to: id)
    }

    /// XML-DSig 1.1 §4.4.3: `Transforms?`, `DigestMethod`, `DigestValue`.
    private static func checkReference(_ reference: XMLElement, to id: String) throws(XMLSignatureError) {
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
                    of: step, in: [XMLAlgorithm.envelopedSignature, XMLAlgorithm.exclusiveC14N],
                    allowing: [inclusiveNamespaces]
                )
                transformAlgorithms.append(step.attribute(algorithm) ?? "")
            }
        }
        guard parts.count == 2, parts.first!.name == digestMethod, parts.last!.name == digestValue else {
            throw XMLSignatureError(.malformed, debugReason: "Reference has unexpected children")
        }
        try requireAlgorithm(of: parts.first!, in: [XMLAlgorithm.sha256], allowing: [])
        guard transformAlgorithms.contains(XMLAlgorithm.envelopedSignature) else {
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
