import PforteXML

/// The parts of a LogoutRequest beyond its header: whom it names and whether it wants an answer.
extension LogoutValidator {
    /// The principal (SAML core §3.7.1): a `NameID`, or an `EncryptedID` (§2.2.4) encrypted for
    /// this IdP's published encryption key. Call only after the message's signature is verified:
    /// the signature covers the ciphertext, which is why AES-CBC is acceptable here (see
    /// ``XMLDecryptionPolicy/signedContent``). `BaseID` is not issued by this IdP, so never
    /// names one of its sessions.
    func principal(of message: ReceivedMessage) throws(SAMLRequestError) -> String {
        let root = message.root
        let nameID = try root.onlyChild(SAMLNamespace.assertion, "NameID")
        let encryptedID = try root.onlyChild(SAMLNamespace.assertion, "EncryptedID")
        switch (nameID, encryptedID) {
        case let (nameID?, nil):
            return nameID.trimmedText
        case let (nil, encryptedID?):
            guard let data = try encryptedID.onlyChild(SAMLNamespace.encryption, "EncryptedData") else {
                throw SAMLRequestError(.malformed, "EncryptedID without EncryptedData")
            }
            let decrypted: XMLElement
            do {
                decrypted = try message.document.decrypt(
                    encryptedData: data, with: identityProvider.key.xml, policy: .signedContent,
                    limits: XMLParsingLimits(maximumBytes: policy.maximumMessageBytes)
                )
            } catch {
                let code: SAMLRequestError.Code = error.code == .unsupportedAlgorithm ? .encryptionRefused : .undecryptable
                throw SAMLRequestError(code, error.description)
            }
            guard decrypted.isNamed(SAMLNamespace.assertion, "NameID") else {
                throw SAMLRequestError(.malformed, "EncryptedID holds \(decrypted.name), not a NameID")
            }
            return decrypted.trimmedText
        default:
            throw SAMLRequestError(.malformed, "no single NameID or EncryptedID (BaseID is not supported)")
        }
    }

    /// SAML V2.0 Asynchronous Single Logout Protocol Extension §2.1: `<aslo:Asynchronous/>` in
    /// `Extensions` asks that no LogoutResponse be sent; the logout itself happens as usual.
    func isAsynchronous(_ root: XMLElement) throws(SAMLRequestError) -> Bool {
        guard let extensions = try root.onlyChild(SAMLNamespace.protocol, "Extensions") else { return false }
        return try extensions.onlyChild(SAMLNamespace.asynchronousLogout, "Asynchronous") != nil
    }
}
