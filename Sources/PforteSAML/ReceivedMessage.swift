import Foundation
public import PforteXML

/// A SAML protocol message as it arrived, decoded from its binding but not yet trusted.
///
/// Not `Sendable`: it holds a libxml2 document, which stays within the request's task.
public struct ReceivedMessage {
    public let binding: SAMLBinding
    public let document: XMLDocument
    public let relayState: String?
    /// HTTP-Redirect only: the detached signature over the query string.
    let querySignature: QuerySignature?

    public var root: XMLElement { document.root }

    /// Parses the decoded bytes of a message with the hardened parser (no DOCTYPE, no network,
    /// the size limit) and registers its `ID` attributes, refusing duplicates.
    static func parse(_ bytes: Data, limit: Int) throws(SAMLRequestError) -> XMLDocument {
        let document: XMLDocument
        do {
            document = try XMLDocument(parsing: bytes, limits: XMLParsingLimits(maximumBytes: limit))
        } catch {
            switch error.code {
            case .tooLarge: throw SAMLRequestError(.tooLarge, "\(bytes.count) bytes")
            case .doctypeRefused: throw SAMLRequestError(.doctypeRefused)
            case .malformed: throw SAMLRequestError(.malformed, error.description)
            }
        }
        do {
            try document.registerIDAttributes()
        } catch {
            throw SAMLRequestError(.malformed, "\(error)")
        }
        return document
    }

    /// Checks the signature of the message against the sender's certificates from trusted
    /// metadata, and tells whether it was signed.
    ///
    /// HTTP-Redirect: the `Signature` parameter over the query string as received (SAML
    /// bindings §3.4.4.1), RSA-SHA256 only. HTTP-POST: an enveloped XML signature on the root
    /// element, which PforteXML accepts only when it covers exactly that element, the one whose
    /// content is then read (signature wrapping). A present signature that does not verify is
    /// refused even where none is required.
    public func verifySignature(trusting certificates: [TrustedCertificate]) throws(SAMLRequestError) -> Bool {
        switch binding {
        case .redirect:
            guard let querySignature else { return false }
            guard querySignature.algorithm == SAMLURI.rsaSHA256 else {
                throw SAMLRequestError(.signatureInvalid, "SigAlg \(querySignature.algorithm)")
            }
            guard certificates.contains(where: { $0.verifies(querySignature.signature, over: querySignature.signedOctets) }) else {
                throw SAMLRequestError(.signatureInvalid, "query signature does not verify with the metadata's keys")
            }
            return true
        case .post:
            let signature = XMLName(namespace: "http://www.w3.org/2000/09/xmldsig#", localName: "Signature")
            guard !root.children(named: signature).isEmpty else { return false }
            do {
                try document.verifySignature(of: root, trusting: certificates.map(\.xmlKey))
            } catch {
                throw SAMLRequestError(.signatureInvalid, error.description)
            }
            return true
        }
    }
}

/// The detached signature of an HTTP-Redirect message.
struct QuerySignature {
    let algorithm: String
    let signature: Data
    /// `SAMLRequest=…&RelayState=…&SigAlg=…` from the raw query, values as received.
    let signedOctets: Data
}
