/// A namespace-qualified name of an element or attribute: what XML Namespaces 1.0 §2 says
/// identifies it. Prefixes are only syntax and never compared.
public struct XMLName: Hashable, Sendable, CustomStringConvertible {
    /// The namespace URI, or `nil` for a name in no namespace (e.g. most attributes).
    public var namespaceURI: String?
    public var localName: String

    public init(namespace namespaceURI: String?, localName: String) {
        self.namespaceURI = namespaceURI
        self.localName = localName
    }

    /// A name in no namespace, such as the `ID` attribute of SAML elements.
    public init(_ localName: String) {
        self.init(namespace: nil, localName: localName)
    }

    public var description: String {
        namespaceURI.map { "{\($0)}\(localName)" } ?? localName
    }

    /// The attributes registered as IDs unless a document is told otherwise: `ID` (SAML core
    /// §1.3.4 `xs:ID` attributes of requests, responses, assertions, metadata), `Id` (XML-DSig
    /// and XML-Enc elements) and `wsu:Id` (WS-Security utility, used in SOAP bindings).
    public static let defaultIDAttributes: [XMLName] = [
        XMLName("ID"),
        XMLName("Id"),
        XMLName(namespace: XMLNamespace.wsSecurityUtility, localName: "Id"),
    ]
}

/// Namespace URIs of the XML security standards this module implements.
enum XMLNamespace {
    /// XML-DSig 1.1 §4 (`ds:`).
    static let signature = "http://www.w3.org/2000/09/xmldsig#"
    /// XML-Enc 1.1 §3 (`xenc:`).
    static let encryption = "http://www.w3.org/2001/04/xmlenc#"
    /// XML Encryption 1.1 (`xenc11:`), for the `MGF` of RSA-OAEP.
    static let encryption11 = "http://www.w3.org/2009/xmlenc11#"
    /// Exclusive C14N §3 (`ec:InclusiveNamespaces`).
    static let exclusiveC14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
    /// OASIS WS-Security utility (`wsu:`).
    static let wsSecurityUtility =
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
}

/// Algorithm identifiers accepted or produced (the only ones: everything else is refused).
enum XMLAlgorithm {
    /// Exclusive XML Canonicalization 1.0 without comments; SAML core §5.4.3 and §5.4.4.
    static let exclusiveC14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
    /// XML-DSig 1.1 §6.6.4.
    static let envelopedSignature = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
    /// RFC 6931 §2.3.2 (RSA PKCS#1 v1.5 with SHA-256).
    static let rsaSHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    /// XML-Enc 1.1 §5.7.2.
    static let sha256 = "http://www.w3.org/2001/04/xmlenc#sha256"
    /// XML-Enc 1.1 §5.7.1 (for RSA-OAEP's label hash and MGF1 only).
    static let sha1 = "http://www.w3.org/2000/09/xmldsig#sha1"
    /// XML-Enc 1.1 §5.2.4.
    static let aes128GCM = "http://www.w3.org/2009/xmlenc11#aes128-gcm"
    static let aes256GCM = "http://www.w3.org/2009/xmlenc11#aes256-gcm"
    /// XML-Enc 1.1 §5.2.2.
    static let aes128CBC = "http://www.w3.org/2001/04/xmlenc#aes128-cbc"
    static let aes256CBC = "http://www.w3.org/2001/04/xmlenc#aes256-cbc"
    /// XML-Enc 1.1 §5.5.2 (RSA-OAEP, MGF1 with SHA-1).
    static let rsaOAEPMGF1P = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"
    /// XML-Enc 1.1 §5.5.2 (RSA-OAEP with a `ds:DigestMethod` and an `xenc11:MGF` of its own).
    static let rsaOAEP = "http://www.w3.org/2009/xmlenc11#rsa-oaep"
    /// XML-Enc 1.1 §5.5.2: the mask generation functions of `xenc11#rsa-oaep`.
    static let mgf1SHA1 = "http://www.w3.org/2009/xmlenc11#mgf1sha1"
    static let mgf1SHA256 = "http://www.w3.org/2009/xmlenc11#mgf1sha256"
    /// XML-Enc 1.1 §3.5.1: the `Type` of `EncryptedData` that replaces a whole element.
    static let typeElement = "http://www.w3.org/2001/04/xmlenc#Element"
}
