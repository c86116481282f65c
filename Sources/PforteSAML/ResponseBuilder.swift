public import Foundation
import PforteXML

/// What the assertion of a successful response says about the user.
public struct AssertedAuthentication: Sendable {
    public let nameID: String
    public let nameIDFormat: NameIDFormat
    /// The `AuthnContextClassRef` (design §3: the level as eIDAS URI, or the identifier the SP
    /// asked for).
    public let classRef: String
    public let authnInstant: Date
    public let sessionIndex: String
    /// The session's absolute end: the SP should not keep its own session longer.
    public let sessionNotOnOrAfter: Date
    public let attributes: [(AttributeDefinition, String)]

    public init(nameID: String, nameIDFormat: NameIDFormat, classRef: String, authnInstant: Date, sessionIndex: String,
                sessionNotOnOrAfter: Date, attributes: [(AttributeDefinition, String)]) {
        self.nameID = nameID
        self.nameIDFormat = nameIDFormat
        self.classRef = classRef
        self.authnInstant = authnInstant
        self.sessionIndex = sessionIndex
        self.sessionNotOnOrAfter = sessionNotOnOrAfter
        self.attributes = attributes
    }
}

extension IdentityProvider {
    /// The Response to a validated request, as the HTTP-POST form the browser posts to the
    /// verified ACS (profiles §4.1.4.2, §4.1.4.5).
    ///
    /// With `authentication`: status Success and one assertion — bearer SubjectConfirmation
    /// (Recipient, NotOnOrAfter, InResponseTo), Conditions with the SP as audience,
    /// AuthnStatement with SessionIndex and level, AttributeStatement — signed, then encrypted
    /// for the SP when it has an encryption key (design §7), and the Response signed over it.
    /// Without: the given failure status and no assertion, still signed.
    public func response(
        to request: ValidatedAuthnRequest, for provider: ServiceProvider, status: SAMLStatus,
        authentication: AssertedAuthentication?, policy: MessagePolicy, now: Date
    ) throws -> PostForm {
        let responseID = SAMLIdentifier.make()
        let assertion = authentication.map { assertionXML($0, request: request, policy: policy, now: now) }
        let content = assertion.map { provider.encryptsAssertions ? "<saml:EncryptedAssertion>\($0)</saml:EncryptedAssertion>" : $0 }
        let xml = """
        <samlp:Response xmlns:samlp="\(SAMLNamespace.protocol)" xmlns:saml="\(SAMLNamespace.assertion)"\
         ID="\(responseID)" Version="2.0" IssueInstant="\(SAMLTime.format(now))"\
        \(XMLText.attribute("Destination", request.assertionConsumerService))\(XMLText.attribute("InResponseTo", request.id))>\
        <saml:Issuer>\(XMLText.escaped(entityID))</saml:Issuer>\
        \(statusXML(status))\(content ?? "")</samlp:Response>
        """
        let document = try XMLDocument(parsing: xml)
        try document.registerIDAttributes()
        if let assertionElement = document.root.descendants(named: XMLName(namespace: SAMLNamespace.assertion, localName: "Assertion")).first {
            try document.sign(element: assertionElement, key: key.xml, placement: .after(issuer(of: assertionElement)))
            if provider.encryptsAssertions, let certificate = provider.encryptionCertificate {
                try document.encrypt(element: assertionElement, for: certificate.xmlKey)
            }
        }
        try document.sign(element: document.root, key: key.xml, placement: .after(issuer(of: document.root)))
        return PostForm(
            action: request.assertionConsumerService, parameter: .response, xml: document.serialized(),
            relayState: request.relayState
        )
    }

    func issuer(of element: XMLElement) -> XMLElement {
        element.firstChild(named: XMLName(namespace: SAMLNamespace.assertion, localName: "Issuer"))!
    }

    func statusXML(_ status: SAMLStatus) -> String {
        let inner = status.subcode.map { "<samlp:StatusCode Value=\"\(XMLText.escaped($0))\"/>" } ?? ""
        return "<samlp:Status><samlp:StatusCode Value=\"\(XMLText.escaped(status.code))\">\(inner)</samlp:StatusCode></samlp:Status>"
    }

    private func assertionXML(
        _ authentication: AssertedAuthentication, request: ValidatedAuthnRequest, policy: MessagePolicy, now: Date
    ) -> String {
        let notOnOrAfter = SAMLTime.format(now.addingTimeInterval(policy.assertionLifetime))
        let attributes = authentication.attributes.map { definition, value in
            "<saml:Attribute\(XMLText.attribute("Name", definition.name)) NameFormat=\"\(SAMLURI.attributeNameFormatURI)\"\(XMLText.attribute("FriendlyName", definition.friendlyName))>"
                + "<saml:AttributeValue xsi:type=\"xs:string\">\(XMLText.escaped(value))</saml:AttributeValue></saml:Attribute>"
        }.joined()
        return """
        <saml:Assertion xmlns:xsi="\(SAMLURI.xmlSchemaInstance)" xmlns:xs="\(SAMLURI.xmlSchema)"\
         ID="\(SAMLIdentifier.make())" Version="2.0" IssueInstant="\(SAMLTime.format(now))">\
        <saml:Issuer>\(XMLText.escaped(entityID))</saml:Issuer>\
        <saml:Subject><saml:NameID Format="\(authentication.nameIDFormat.rawValue)"\
        \(XMLText.attribute("NameQualifier", entityID))\(XMLText.attribute("SPNameQualifier", request.serviceProvider))>\
        \(XMLText.escaped(authentication.nameID))</saml:NameID>\
        <saml:SubjectConfirmation Method="\(SAMLURI.bearer)"><saml:SubjectConfirmationData\
        \(XMLText.attribute("InResponseTo", request.id)) NotOnOrAfter="\(notOnOrAfter)"\
        \(XMLText.attribute("Recipient", request.assertionConsumerService))/></saml:SubjectConfirmation></saml:Subject>\
        <saml:Conditions NotBefore="\(SAMLTime.format(now.addingTimeInterval(-policy.clockSkew)))" NotOnOrAfter="\(notOnOrAfter)">\
        <saml:AudienceRestriction><saml:Audience>\(XMLText.escaped(request.serviceProvider))</saml:Audience></saml:AudienceRestriction>\
        </saml:Conditions>\
        <saml:AuthnStatement AuthnInstant="\(SAMLTime.format(authentication.authnInstant))"\
        \(XMLText.attribute("SessionIndex", authentication.sessionIndex))\
         SessionNotOnOrAfter="\(SAMLTime.format(authentication.sessionNotOnOrAfter))">\
        <saml:AuthnContext><saml:AuthnContextClassRef>\(XMLText.escaped(authentication.classRef))</saml:AuthnContextClassRef>\
        </saml:AuthnContext></saml:AuthnStatement>\
        \(attributes.isEmpty ? "" : "<saml:AttributeStatement>\(attributes)</saml:AttributeStatement>")\
        </saml:Assertion>
        """
    }
}
