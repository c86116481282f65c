public import Foundation
public import PforteCore
public import PforteCrypto
import PforteSAML
import PforteXML

/// Pforte in the SP role toward the Länder (SAML profiles §4.1 from the SP's side): its
/// entityID and endpoints under `/federation/`, and the SAML key, which signs its requests and
/// metadata and decrypts the assertions sent to it.
///
/// A separate entityID from the IdP's (`/saml/metadata`): a Land that is also served by our IdP
/// must tell our two roles apart, and an assertion meant for one role is never accepted by the
/// other (its Audience differs).
public struct FederationServiceProvider: Sendable {
    public let entityID: String
    public let assertionConsumerServiceURL: String
    public let singleLogoutURL: String
    let redirectKey: IdentityProviderKey
    let xmlKey: XMLSigningKey
    let certificate: String

    public init(publicURL: URL, keys: PurposeKeys<SAMLKeyMaterial>) throws {
        let text = publicURL.absoluteString
        let base = text.hasSuffix("/") ? String(text.dropLast()) : text
        entityID = base + "/federation/metadata"
        assertionConsumerServiceURL = base + "/federation/acs"
        singleLogoutURL = base + "/federation/slo"
        redirectKey = try IdentityProviderKey(keys.active.material)
        xmlKey = try XMLSigningKey(privateKeyPEM: keys.active.material.privateKeyPEM, certificatePEM: keys.active.material.certificatePEM)
        certificate = IdentityProvider.base64DER(pem: keys.active.material.certificatePEM)
    }

    /// The signed `EntityDescriptor` with an `SPSSODescriptor` a Land imports: signed requests,
    /// signed assertions wanted, the key for signing and for encryption, the ACS (HTTP-POST)
    /// and SLO (HTTP-Redirect and HTTP-POST), and the algorithms accepted (``AlgorithmSupport``).
    public func metadata(now: Date, validity: TimeInterval = 7 * 24 * 3600) throws -> Data {
        let keyInfo = "<ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(certificate)</ds:X509Certificate></ds:X509Data></ds:KeyInfo>"
        let xml = """
        <md:EntityDescriptor xmlns:md="\(SAMLNamespace.metadata)" xmlns:ds="\(SAMLNamespace.signature)"\
         ID="\(SAMLIdentifier.make())"\(XMLText.attribute("entityID", entityID))\
         validUntil="\(SAMLTime.format(now.addingTimeInterval(validity)))">\(AlgorithmSupport.extensions)\
        <md:SPSSODescriptor protocolSupportEnumeration="\(SAMLNamespace.protocol)" AuthnRequestsSigned="true" WantAssertionsSigned="true">\
        <md:KeyDescriptor use="signing">\(keyInfo)</md:KeyDescriptor>\
        <md:KeyDescriptor use="encryption">\(keyInfo)\(AlgorithmSupport.encryptionMethods(content: AlgorithmSupport.assertionEncryption))</md:KeyDescriptor>\
        <md:SingleLogoutService Binding="\(SAMLBinding.redirect.rawValue)"\(XMLText.attribute("Location", singleLogoutURL))/>\
        <md:SingleLogoutService Binding="\(SAMLBinding.post.rawValue)"\(XMLText.attribute("Location", singleLogoutURL))/>\
        <md:NameIDFormat>\(NameIDFormat.persistent.rawValue)</md:NameIDFormat>\
        <md:AssertionConsumerService Binding="\(SAMLBinding.post.rawValue)"\
        \(XMLText.attribute("Location", assertionConsumerServiceURL)) index="0" isDefault="true"/>\
        </md:SPSSODescriptor></md:EntityDescriptor>
        """
        let document = try XMLDocument(parsing: xml)
        try document.registerIDAttributes()
        try document.sign(element: document.root, key: xmlKey, placement: .firstChild)
        return document.serialized()
    }

    /// An AuthnRequest to `land` (SAML core §3.4.1) asking for at least `level`, by the
    /// HTTP-Redirect binding signed over the query string (bindings §3.4.4.1).
    ///
    /// `RequestedAuthnContext` is `minimum` with the level and every stronger one, each both as
    /// eIDAS URI and STORK-QAA label (design §3), so a Land speaking either vocabulary can
    /// satisfy it.
    public func authnRequest(to land: Land, requiring level: TrustLevel, relayState: String, now: Date) throws -> UpstreamRedirect {
        let id = SAMLIdentifier.make()
        let classRefs = [level.eidasURI, level.storkQAALabel]
            .map { "<saml:AuthnContextClassRef>\(XMLText.escaped($0))</saml:AuthnContextClassRef>" }.joined()
        let xml = """
        <samlp:AuthnRequest xmlns:samlp="\(SAMLNamespace.protocol)" xmlns:saml="\(SAMLNamespace.assertion)"\
         ID="\(id)" Version="2.0" IssueInstant="\(SAMLTime.format(now))"\(XMLText.attribute("Destination", land.singleSignOnURL))\
         ProtocolBinding="\(SAMLBinding.post.rawValue)"\(XMLText.attribute("AssertionConsumerServiceURL", assertionConsumerServiceURL))>\
        <saml:Issuer>\(XMLText.escaped(entityID))</saml:Issuer>\
        <samlp:NameIDPolicy Format="\(NameIDFormat.persistent.rawValue)" AllowCreate="true"/>\
        <samlp:RequestedAuthnContext Comparison="minimum">\(classRefs)</samlp:RequestedAuthnContext>\
        </samlp:AuthnRequest>
        """
        let document = try XMLDocument(parsing: xml)
        let url = try RedirectBinding.encode(
            document.serialized(), as: .request, to: land.singleSignOnURL, relayState: relayState, key: redirectKey
        )
        return UpstreamRedirect(url: url, expectedRequestID: id)
    }

    /// A LogoutRequest to `land` for the federated session (SAML core §3.7.1), by HTTP-Redirect
    /// signed over the query string; `nil` when the Land has no single logout.
    public func logoutRequest(to land: Land, handle: UpstreamLogoutHandle, relayState: String?, now: Date) throws -> UpstreamRedirect? {
        guard let location = land.singleLogoutURL else { return nil }
        let id = SAMLIdentifier.make()
        let xml = """
        <samlp:LogoutRequest xmlns:samlp="\(SAMLNamespace.protocol)" xmlns:saml="\(SAMLNamespace.assertion)"\
         ID="\(id)" Version="2.0" IssueInstant="\(SAMLTime.format(now))"\
        \(XMLText.attribute("Destination", location)) Reason="\(SAMLURI.logoutReasonUser)">\
        <saml:Issuer>\(XMLText.escaped(entityID))</saml:Issuer>\
        <saml:NameID\(XMLText.attribute("Format", handle.nameIDFormat))>\(XMLText.escaped(handle.nameID))</saml:NameID>\
        \(handle.sessionIndex.map { "<samlp:SessionIndex>\(XMLText.escaped($0))</samlp:SessionIndex>" } ?? "")\
        </samlp:LogoutRequest>
        """
        let document = try XMLDocument(parsing: xml)
        let url = try RedirectBinding.encode(document.serialized(), as: .request, to: location, relayState: relayState, key: redirectKey)
        return UpstreamRedirect(url: url, expectedRequestID: id)
    }
}

/// A Land as a ``RedirectConnector``: the SAML connector of the federation.
public struct LandConnector: RedirectConnector {
    public let land: Land
    public let serviceProvider: FederationServiceProvider

    public init(land: Land, serviceProvider: FederationServiceProvider) {
        self.land = land
        self.serviceProvider = serviceProvider
    }

    public var id: String { land.entityID }
    public var displayName: String { land.displayName }

    public func redirect(requiring level: TrustLevel, state: String, now: Date) throws -> UpstreamRedirect {
        try serviceProvider.authnRequest(to: land, requiring: level, relayState: state, now: now)
    }
}
