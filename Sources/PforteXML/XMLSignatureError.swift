/// Why an element could not be signed, or why its signature is not accepted.
public struct XMLSignatureError: Error, Hashable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        /// The element has no `ds:Signature` child.
        case missing
        /// The element has more than one `ds:Signature` child.
        case multipleSignatures
        /// The element has no registered ID attribute (or more than one), so a reference cannot
        /// name it unambiguously.
        case missingID
        /// The element's ID is also carried by another element (see ``XMLIDError``).
        case duplicateID
        /// The signature does not use the enveloped-signature transform (XML-DSig 1.1 §6.6.4),
        /// so it is not an enveloped signature over the element that contains it.
        case notEnvelopedOnElement
        /// Not exactly one `Reference`, or its `URI` is not `#` + the element's ID: the signature
        /// covers something other than the element that is going to be used (SAML core §5.4.2).
        case referenceMismatch
        /// A canonicalization, signature, digest or transform algorithm other than exclusive
        /// C14N, RSA-SHA256, SHA-256 and enveloped-signature (e.g. SHA-1, XPath, XSLT).
        case unsupportedAlgorithm
        /// The `ds:Signature` element does not have the shape XML-DSig 1.1 §4 gives it (or has
        /// parts SAML never uses, such as `ds:Object`), or xmlsec could not process it.
        case malformed
        /// The referenced content changed after signing: its digest does not match.
        case digestMismatch
        /// The signature value was not made by any trusted key over this `SignedInfo`: a key not
        /// trusted (whatever the message's `KeyInfo` says), or a changed `SignedInfo`.
        case untrustedKeyOrInvalidSignature
        /// Verification was asked for with an empty list of trusted keys.
        case noTrustedKeys
        /// ``XMLSignaturePlacement/after(_:)`` named an element that is not a child of the
        /// element being signed.
        case invalidPlacement
        /// xmlsec failed to create the signature.
        case signingFailed
    }

    public let code: Code
    /// xmlsec's or libxml2's reason, for logs only.
    public let debugReason: String

    init(_ code: Code, debugReason: String = "") {
        self.code = code
        self.debugReason = debugReason
    }

    public var description: String {
        "XMLSignatureError.\(code)\(debugReason.isEmpty ? "" : ": \(debugReason)")"
    }
}
