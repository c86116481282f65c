public import Foundation
import PforteXML

extension IdentityProvider {
    /// The signed `EntityDescriptor` SPs import (SAML metadata §2.4.3 `IDPSSODescriptor`): SSO
    /// and SLO endpoints for HTTP-Redirect and HTTP-POST, every published certificate for
    /// signing, the active one for encryption, the NameID formats, that AuthnRequests must be
    /// signed, and the algorithms accepted (``AlgorithmSupport``).
    ///
    /// `validUntil` bounds how long an SP may trust a copy (metadata §2.3.2), so a rotated key
    /// does not stay trusted forever.
    public func metadata(now: Date, validity: TimeInterval = 7 * 24 * 3600) throws -> Data {
        let keyDescriptors = publishedCertificates.map { keyDescriptor(use: "signing", certificate: $0) }
            + [keyDescriptor(use: "encryption", certificate: activeCertificate,
                             methods: AlgorithmSupport.encryptionMethods(content: AlgorithmSupport.identifierEncryption))]
        let bindings = [SAMLBinding.redirect, SAMLBinding.post]
        let xml = """
        <md:EntityDescriptor xmlns:md="\(SAMLNamespace.metadata)" xmlns:ds="\(SAMLNamespace.signature)"\
         ID="\(SAMLIdentifier.make())"\(XMLText.attribute("entityID", entityID))\
         validUntil="\(SAMLTime.format(now.addingTimeInterval(validity)))">\(AlgorithmSupport.extensions)\
        <md:IDPSSODescriptor protocolSupportEnumeration="\(SAMLNamespace.protocol)" WantAuthnRequestsSigned="true">\
        \(keyDescriptors.joined())\
        \(bindings.map { "<md:SingleLogoutService Binding=\"\($0.rawValue)\"\(XMLText.attribute("Location", singleLogoutURL))/>" }.joined())\
        \(NameIDFormat.allCases.map { "<md:NameIDFormat>\($0.rawValue)</md:NameIDFormat>" }.joined())\
        \(bindings.map { "<md:SingleSignOnService Binding=\"\($0.rawValue)\"\(XMLText.attribute("Location", singleSignOnURL))/>" }.joined())\
        </md:IDPSSODescriptor></md:EntityDescriptor>
        """
        let document = try XMLDocument(parsing: xml)
        try document.registerIDAttributes()
        try document.sign(element: document.root, key: key.xml, placement: .firstChild)
        return document.serialized()
    }

    private func keyDescriptor(use: String, certificate: String, methods: String = "") -> String {
        "<md:KeyDescriptor use=\"\(use)\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(certificate)</ds:X509Certificate></ds:X509Data></ds:KeyInfo>\(methods)</md:KeyDescriptor>"
    }
}
