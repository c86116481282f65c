import Foundation
import PforteCrypto
@testable import PforteSAML
import PforteXML

/// The IdP and one trusted SP, as the SSO and SLO endpoints see them. The SP signs with the
/// key of ``FuzzKeys/pforteSAML`` (any RSA key would do; this one exists already) and does not
/// require signed AuthnRequests, so unsigned POST messages reach every check after the signature.
enum SAMLFixtures {
    static let identityProvider = try! IdentityProvider(publicURL: URL(string: "https://idp.example")!, keys: FuzzKeys.pforte.saml)
    static let signingKey = try! IdentityProviderKey(FuzzKeys.pforteSAML)
    static let policy = MessagePolicy(maximumAge: 300, clockSkew: 60, assertionLifetime: 300)
    static let spEntityID = "https://sp.example/metadata"

    static let serviceProvider: ServiceProvider = {
        let certificate = IdentityProvider.base64DER(pem: FuzzKeys.pforteSAML.certificatePEM)
        let metadata = """
        <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" \
        entityID="\(spEntityID)"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">\
        <md:KeyDescriptor><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(certificate)</ds:X509Certificate></ds:X509Data>\
        </ds:KeyInfo></md:KeyDescriptor>\
        <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://sp.example/slo"/>\
        <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sp.example/slo"/>\
        <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sp.example/acs" \
        index="0" isDefault="true"/></md:SPSSODescriptor></md:EntityDescriptor>
        """
        return try! ServiceProviderMetadata.parse(
            Data(metadata.utf8), settings: ServiceProviderSettings(attributes: ["mail"], requireSignedRequests: false), now: fuzzNow
        )
    }()

    static func lookup(_ entityID: String) -> ServiceProvider? {
        entityID == spEntityID ? serviceProvider : nil
    }

    /// Every check the SSO and SLO endpoints make on a decoded message (each refuses what is
    /// not its kind, so all three see every message).
    static func validate(_ message: ReceivedMessage) {
        _ = try? AuthnRequestValidator(identityProvider: identityProvider, policy: policy)
            .validate(message, serviceProviders: lookup, now: fuzzNow)
        let logout = LogoutValidator(identityProvider: identityProvider, policy: policy)
        _ = try? logout.validateRequest(message, serviceProviders: lookup, now: fuzzNow)
        _ = try? logout.validateResponse(message, serviceProviders: lookup, now: fuzzNow)
    }

    /// The messages an SP sends, as seeds.
    static let messages: [String: String] = {
        let instant = SAMLTime.format(fuzzNow)
        let header = """
        xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" \
        Version="2.0" IssueInstant="\(instant)"
        """
        return [
            "authn-request": """
            <samlp:AuthnRequest \(header) ID="_a1" Destination="https://idp.example/saml/sso" \
            AssertionConsumerServiceURL="https://sp.example/acs" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" \
            ForceAuthn="false" IsPassive="false"><saml:Issuer>\(spEntityID)</saml:Issuer>\
            <samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent" AllowCreate="true"/>\
            <samlp:RequestedAuthnContext Comparison="minimum"><saml:AuthnContextClassRef>\
            http://eidas.europa.eu/LoA/substantial</saml:AuthnContextClassRef></samlp:RequestedAuthnContext></samlp:AuthnRequest>
            """,
            "logout-request": """
            <samlp:LogoutRequest \(header) ID="_l1" Destination="https://idp.example/saml/slo" \
            NotOnOrAfter="\(SAMLTime.format(fuzzNow.addingTimeInterval(300)))"><saml:Issuer>\(spEntityID)</saml:Issuer>\
            <saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">abc</saml:NameID>\
            <samlp:SessionIndex>s-1</samlp:SessionIndex></samlp:LogoutRequest>
            """,
            "logout-response": """
            <samlp:LogoutResponse \(header) ID="_r1" InResponseTo="_x1" Destination="https://idp.example/saml/slo">\
            <saml:Issuer>\(spEntityID)</saml:Issuer><samlp:Status><samlp:StatusCode \
            Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>
            """,
        ]
    }()

    /// `xml` with an enveloped signature after its Issuer, as an SP signs for HTTP-POST.
    static func signedEnveloped(_ xml: String) throws -> Data {
        let document = try XMLDocument(parsing: xml)
        try document.registerIDAttributes()
        try document.sign(element: document.root, key: signingKey.xml, placement: .after(document.root.children[0]))
        return document.serialized()
    }

    /// The raw query string of `xml` in the HTTP-Redirect binding, signed over the query.
    static func redirectQuery(_ xml: Data, as parameter: RedirectBinding.Parameter) throws -> String {
        String(try RedirectBinding.encode(xml, as: parameter, to: "", relayState: "state", key: signingKey).dropFirst())
    }

    static func parameter(of xml: Data) -> RedirectBinding.Parameter {
        xml.range(of: Data("LogoutResponse".utf8)) == nil ? .request : .response
    }
}
